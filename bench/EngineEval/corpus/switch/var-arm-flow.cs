// kind: switch
// The descriptor flows through a `var` arm of a switch expression (`var d when d >= 0 => d`); the
// value that comes out is checked, used and never closed: it leaks (FDS0003 at the open).
using System;
using Mono.Unix.Native;

public static class Pick
{
    public static long Mode(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC) switch // expect: FDS0003
        {
            var d when d >= 0 => d,
            _ => -1,
        };
        if (fd < 0) return -1;
        return Syscall.fstat(fd, out Stat st) == 0 ? (long)st.st_mode : -1;
    }
}
