// kind: bcl
// Forward takes a BorrowedFd (lent for the call) and closes its raw number when done: the caller
// still owns it (FDS0006 at the close).
using System;
using FdSafety;
using Mono.Unix.Native;

public static class Forward
{
    public static int Sync(BorrowedFd target)
    {
        int rc = Syscall.fsync(target.AsRawFd());
        Syscall.close(target.AsRawFd()); // expect: FDS0006
        return rc;
    }
}
