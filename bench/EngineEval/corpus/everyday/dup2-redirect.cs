// kind: everyday
// Daemon.RedirectOutput opens a log file and places it on standard output with dup2, then closes the
// original. dup2's result is 1 (standard output), which this code does not own and must not close;
// the opened descriptor is closed once. Clean.
using System;
using Mono.Unix.Native;

public static class Daemon
{
    public static bool RedirectOutput(string log)
    {
        int fd = Syscall.open(log, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) return false;
        if (Syscall.dup2(fd, 1) < 0)
        {
            Syscall.close(fd);
            return false;
        }
        Syscall.close(fd);
        return true;
    }
}
