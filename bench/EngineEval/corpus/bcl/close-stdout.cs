// kind: bcl
// Daemonize closes descriptors 0, 1 and 2 with literal numbers; this code does not own standard
// input, output and error (FDS0006 at each close). The /dev/null descriptor it opens is moved onto 0
// and closed.
using System;
using Mono.Unix.Native;

public static class Daemonize
{
    public static void Detach()
    {
        Syscall.close(0); // expect: FDS0006
        Syscall.close(1); // expect: FDS0006
        Syscall.close(2); // expect: FDS0006
        int fd = Syscall.open("/dev/null", OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (fd != 0)
        {
            Syscall.dup2(fd, 0);
            Syscall.close(fd);
        }
    }
}
