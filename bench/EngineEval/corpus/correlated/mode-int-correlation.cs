// kind: correlated
// An int `stage` remembers how far the setup got (0 nothing, 1 file open, 2 lock taken); cleanup
// closes only for stage >= 1. The descriptor is never closed twice or leaked. Clean.
using System;
using Mono.Unix.Native;

public static class PidFile
{
    public static bool Acquire(string path, int pid)
    {
        int stage = 0;
        int fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd >= 0) stage = 1;
        if (stage == 1 && Syscall.lockf(fd, LockfCommand.F_TLOCK, 0) == 0) stage = 2;
        if (stage == 2)
        {
            Syscall.ftruncate(fd, 0);
            Console.WriteLine($"pid {pid} holds {path}");
            Syscall.close(fd);
            return true;
        }
        if (stage >= 1) Syscall.close(fd);
        return false;
    }
}
