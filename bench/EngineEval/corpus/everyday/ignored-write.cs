// kind: everyday
// Beacon writes a status byte to a FIFO and ignores write's result: a failure (EPIPE, EAGAIN) or a
// short write goes unnoticed (FDS0009 at the write).
using System;
using Mono.Unix.Native;

public static class Beacon
{
    public static unsafe void Signal(string fifo, byte status)
    {
        int fd = Syscall.open(fifo, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        byte b = status;
        Syscall.write(fd, &b, 1); // expect: FDS0009
        Syscall.close(fd);
    }
}
