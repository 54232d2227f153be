// kind: summaries
// SizeAndClose closes its argument in a finally (on every path) and returns the size; the caller then
// closes it too (FDS0001 at the second close). SizeAndClose's parameter carries a descriptor
// (FDS0004).
using System;
using Mono.Unix.Native;

public static class Measure
{
    private static long SizeAndClose(int fd) // expect: FDS0004
    {
        try
        {
            return Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
        }
        finally
        {
            Syscall.close(fd);
        }
    }

    public static long Of(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        long size = SizeAndClose(fd);
        Syscall.close(fd); // expect: FDS0001
        return size;
    }
}
