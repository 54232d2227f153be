// kind: iterators
// Entries opens a directory-like index, yields records, and only after the last record closes. It is
// the same leak as lines-no-finally but with a counted loop: an early stop at the yield return leaks
// the descriptor (FDS0003 at the open). ReadRecord's parameter carries a descriptor (FDS0004).
using System;
using System.Collections.Generic;
using Mono.Unix.Native;

public static class Index
{
    private static unsafe long ReadRecord(int fd, byte[] record, long offset) // expect: FDS0004
    {
        fixed (byte* p = record) return Syscall.pread(fd, p, (ulong)record.Length, offset);
    }

    public static IEnumerable<byte[]> Entries(string path, int count)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) throw new InvalidOperationException("open " + path);
        for (int i = 0; i < count; i++)
        {
            var record = new byte[32];
            if (ReadRecord(fd, record, i * 32L) != record.Length) break;
            yield return record;
        }
        Syscall.close(fd);
    }
}
