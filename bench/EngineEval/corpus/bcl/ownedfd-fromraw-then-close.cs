// kind: bcl
// Migration code: a raw descriptor is given to OwnedFd.FromRawFd in a using declaration, and the old
// raw close was left in place; the owner will close it again: FDS0006 at the raw close.
using System;
using FdSafety;
using Mono.Unix.Native;

public static class Migrate
{
    public static long Size(string path)
    {
        int raw = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (raw < 0) return -1;
        using OwnedFd fd = OwnedFd.FromRawFd(raw);
        long size = Fd.Stat(fd).st_size;
        Syscall.close(raw); // expect: FDS0006
        return size;
    }
}
