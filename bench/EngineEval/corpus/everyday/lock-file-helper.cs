// kind: everyday
// LockFile.TryAcquire returns the locked descriptor or -1; the caller must keep it for as long as it
// holds the lock and close it to release. Main2 forgets to release on the "already running" branch...
// no: it only gets a descriptor when the lock succeeded; it then returns without ever closing it,
// relying on process exit (FDS0003 at the TryAcquire call). TryAcquire's return carries a
// descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class LockFile
{
    public static int TryAcquire(string path) // expect: FDS0004
    {
        int fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) return -1;
        if (Syscall.lockf(fd, LockfCommand.F_TLOCK, 0) < 0)
        {
            Syscall.close(fd);
            return -1;
        }
        return fd;
    }

    public static int Main2(string[] args)
    {
        int lockFd = TryAcquire("/tmp/app.lock"); // expect: FDS0003
        if (lockFd < 0)
        {
            Console.Error.WriteLine("already running");
            return 1;
        }
        Console.WriteLine("working");
        return 0;
    }
}
