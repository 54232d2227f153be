// kind: bcl
// Look-alike of borrowraw-after-close: both reads through BorrowRaw happen before the raw close.
// Clean.
using System;
using FdSafety;
using Mono.Unix.Native;

public static class Mixed
{
    public static int ReadTwice(string path, byte[] first, byte[] second)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        int a = Fd.Read(BorrowedFd.BorrowRaw(fd), first);
        int b = Fd.Read(BorrowedFd.BorrowRaw(fd), second);
        Syscall.close(fd);
        return a + b;
    }
}
