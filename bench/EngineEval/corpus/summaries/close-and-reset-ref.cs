// kind: summaries
// CloseAndReset(ref fd) closes a valid descriptor and sets the variable to -1; the caller's final
// `if (fd >= 0) close(fd)` then sees -1 after the early reset, so nothing is closed twice, and every
// path closes once. CloseAndReset's ref parameter carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Probe
{
    private static void CloseAndReset(ref int fd) // expect: FDS0004
    {
        if (fd >= 0)
        {
            Syscall.close(fd);
            fd = -1;
        }
    }

    public static long Size(string path, bool quick)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        long size = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
        if (quick) CloseAndReset(ref fd);
        else Console.WriteLine($"{path}: {size}");
        if (fd >= 0) Syscall.close(fd);
        return size;
    }
}
