// kind: summaries
// Look-alike of try-finish-false-closes: after a false result Commit just returns (TryFinish has
// closed it), after true it closes. Each path closes once. TryFinish's parameter carries a
// descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Store
{
    private static bool TryFinish(int fd) // expect: FDS0004
    {
        if (Syscall.fsync(fd) < 0)
        {
            Syscall.close(fd);
            return false;
        }
        return true;
    }

    public static bool Commit(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return false;
        if (!TryFinish(fd)) return false;
        Syscall.close(fd);
        return true;
    }
}
