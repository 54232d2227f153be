// kind: correlated
// Count reads a file, or standard input when path is null; it closes only what it opened, testing
// `path != null` again (path does not change in between). Standard input (0) is never closed. Clean.
using System;
using Mono.Unix.Native;

public static class Count
{
    public static unsafe long Bytes(string? path)
    {
        int fd = 0;
        if (path != null)
        {
            fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) return -1;
        }
        var buffer = new byte[8192];
        long total = 0, n;
        fixed (byte* p = buffer)
        {
            while ((n = Syscall.read(fd, p, (ulong)buffer.Length)) > 0) total += n;
        }
        if (path != null) Syscall.close(fd);
        return n < 0 ? -1 : total;
    }
}
