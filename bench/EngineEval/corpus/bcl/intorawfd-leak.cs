// kind: bcl
// The descriptor is taken out of its OwnedFd with IntoRawFd (the owner gives it up) and used raw, but
// the early return on a failed lseek skips the raw close (FDS0003 at IntoRawFd).
using System;
using FdSafety;
using Mono.Unix.Native;

public static class Legacy
{
    public static long End(string path)
    {
        int fd = Fd.Open(path, OpenFlags.O_RDONLY).IntoRawFd(); // expect: FDS0003
        long end = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
        if (end < 0) return -1;
        Syscall.close(fd);
        return end;
    }
}
