// kind: constants
// Reader keeps its open flags in a static readonly field set only by its initializer, and it lacks
// O_CLOEXEC: the descriptor is inherited by any child the process starts (FDS0007 at the open).
using System;
using Mono.Unix.Native;

public static class Reader
{
    private static readonly OpenFlags ReadFlags = OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW;

    public static long Size(string path)
    {
        int fd = Syscall.open(path, ReadFlags); // expect: FDS0007
        if (fd < 0) return -1;
        long size = Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;
        Syscall.close(fd);
        return size;
    }
}
