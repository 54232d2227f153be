// kind: bcl
// An eventfd owned by an OwnedFd from the runtime; the code signals it through the raw number and then
// closes that number itself while the owner still owns it (FDS0006 at the close).
using System;
using FdSafety;
using Mono.Unix.Native;

public static class Signal
{
    public static unsafe bool Once()
    {
        using OwnedFd ev = Fd.EventFd(0);
        ulong one = 1;
        bool ok = Syscall.write(ev.AsRawFd(), &one, sizeof(ulong)) == sizeof(ulong);
        Syscall.close(ev.AsRawFd()); // expect: FDS0006
        return ok;
    }
}
