// kind: summaries
// TryFinish closes the descriptor itself when fsync fails and returns false; on true it leaves it
// open. Commit closes again after a false result (the author thought TryFinish leaves it open on
// failure): FDS0001 at the close in the failure branch. TryFinish's parameter carries a descriptor
// (FDS0004).
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
        if (!TryFinish(fd))
        {
            Syscall.close(fd); // expect: FDS0001
            return false;
        }
        Syscall.close(fd);
        return true;
    }
}
