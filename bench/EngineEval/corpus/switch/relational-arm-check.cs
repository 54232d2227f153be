// kind: switch
// The failure check is a relational arm of a switch expression on the descriptor: `< 0 => -1`, so the
// discard arm sees a valid descriptor and uses it. The close is guarded by the same test. Clean.
using System;
using Mono.Unix.Native;

public static class Size
{
    public static long Of(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        long size = fd switch
        {
            < 0 => -1,
            _ => Syscall.lseek(fd, 0, SeekFlags.SEEK_END),
        };
        if (fd >= 0) Syscall.close(fd);
        return size;
    }
}
