// kind: correlated
// The failure check is kept in a bool (`bool ok = fd >= 0`); the method returns when !ok, logs with
// the same bool later, and closes once. Clean.
using System;
using Mono.Unix.Native;

public static class Bench
{
    public static long Touch(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        bool ok = fd >= 0;
        Console.WriteLine(ok ? "opened " + path : "failed " + path);
        if (!ok) return -1;
        long end = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
        Syscall.close(fd);
        return end;
    }
}
