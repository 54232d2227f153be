// kind: everyday
// OpenRetry repeats open while it fails with EINTR; the loop repeats only when nothing was opened.
// After the loop the descriptor is checked, used and closed. Clean.
using System;
using Mono.Unix.Native;

public static class Fifo
{
    public static unsafe int ReadByte(string path)
    {
        int fd;
        do
        {
            fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        } while (fd < 0 && Stdlib.GetLastError() == Errno.EINTR);
        if (fd < 0) return -1;
        byte b;
        long n = Syscall.read(fd, &b, 1);
        Syscall.close(fd);
        return n == 1 ? b : -1;
    }
}
