// kind: summaries
// Mono.Posix style: UnixMarshal.ThrowExceptionForLastErrorIf(fd) throws when fd is -1, so the
// following lseek uses a checked value; the descriptor is closed in the finally. Clean.
using System;
using Mono.Unix;
using Mono.Unix.Native;

public static class Sparse
{
    public static long DataStart(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        UnixMarshal.ThrowExceptionForLastErrorIf(fd);
        try
        {
            return Syscall.lseek(fd, 0, SeekFlags.SEEK_SET);
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
