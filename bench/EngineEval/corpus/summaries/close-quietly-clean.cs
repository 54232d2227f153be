// kind: summaries
// Look-alike of close-quietly-then-close: CloseQuietly is the only close, on every path after the
// open succeeded, so nothing leaks and nothing is closed twice. CloseQuietly's parameter carries a
// descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Probe
{
    private static void CloseQuietly(int fd) // expect: FDS0004
    {
        if (fd >= 0) Syscall.close(fd);
    }

    public static bool IsRegular(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (fd < 0) return false;
        if (Syscall.fstat(fd, out Stat st) != 0)
        {
            CloseQuietly(fd);
            return false;
        }
        CloseQuietly(fd);
        return (st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFREG;
    }
}
