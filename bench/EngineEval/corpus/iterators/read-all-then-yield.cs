// kind: iterators
// Look-alike of entries-after-yield: all records are read and the descriptor closed before the first
// yield return, so stopping early loses nothing. ReadRecord's parameter carries a descriptor
// (FDS0004).
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
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException("open " + path);
        var records = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var record = new byte[32];
            if (ReadRecord(fd, record, i * 32L) != record.Length) break;
            records.Add(record);
        }
        Syscall.close(fd);
        foreach (var r in records) yield return r;
    }
}
