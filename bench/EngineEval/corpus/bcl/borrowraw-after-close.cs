// kind: bcl
// Mixed code: a raw descriptor is lent to the runtime through BorrowedFd.BorrowRaw(fd). The raw
// close runs before the last Fd.Read through the borrowed value, a read after close (FDS0002 at the
// read through BorrowRaw).
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
        Syscall.close(fd);
        int b = Fd.Read(BorrowedFd.BorrowRaw(fd), second); // expect: FDS0002
        return a + b;
    }
}
