// kind: catches
// The catch filter `ex is IOException or UnauthorizedAccessException` is true for the
// UnauthorizedAccessException the try throws, so that path closes in the catch; the normal path
// closes in the try. Clean. (docs/rules.md: a `when` filter is taken to be possibly false, so a
// finding here would be a documented limit.)
using System;
using System.IO;
using Mono.Unix.Native;

public static class Guard
{
    public static bool Check(string path, bool allowed)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return false;
        try
        {
            if (!allowed) throw new UnauthorizedAccessException(path);
            Syscall.close(fd);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Syscall.close(fd);
            return false;
        }
    }
}
