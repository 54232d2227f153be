// kind: lambdas
// Registry keeps a lock file open for the life of the process and registers a ProcessExit handler
// that closes it: the lambda closes the captured descriptor, which hands it on where the lambda is
// created. Clean.
using System;
using Mono.Unix.Native;

public static class Registry
{
    public static bool Lock(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) return false;
        if (Syscall.lockf(fd, LockfCommand.F_TLOCK, 0) < 0)
        {
            Syscall.close(fd);
            return false;
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Syscall.close(fd);
        return true;
    }
}
