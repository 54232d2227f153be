// kind: constants
// Look-alike of var-mode-readonly-write: the `var` flags are O_RDWR, so the pwrite is allowed. Clean.
using System;
using Mono.Unix.Native;

public static class Patch
{
    public static unsafe bool Apply(string path, long offset, byte[] bytes)
    {
        var flags = OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC;
        int fd = Syscall.open(path, flags);
        if (fd < 0) return false;
        long n;
        fixed (byte* p = bytes) n = Syscall.pwrite(fd, p, (ulong)bytes.Length, offset);
        Syscall.close(fd);
        return n == bytes.Length;
    }
}
