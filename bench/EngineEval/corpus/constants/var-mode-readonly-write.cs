// kind: constants
// Patch.Apply keeps its open flags in a `var` local written only by its declaration: O_RDONLY. It then
// writes to the descriptor, which the kernel refuses with EBADF (FDS0008 at the write).
using System;
using Mono.Unix.Native;

public static class Patch
{
    public static unsafe bool Apply(string path, long offset, byte[] bytes)
    {
        var flags = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC;
        int fd = Syscall.open(path, flags);
        if (fd < 0) return false;
        long n;
        fixed (byte* p = bytes) n = Syscall.pwrite(fd, p, (ulong)bytes.Length, offset); // expect: FDS0008
        Syscall.close(fd);
        return n == bytes.Length;
    }
}
