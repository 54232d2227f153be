// kind: summaries
// Transport.Release is virtual; the base closes the descriptor. Send calls Release(fd) and then
// closes it again: a double close at runtime for this type (FDS0001 at the second close). Docs:
// a close inside a virtual method is not seen, a documented limit.
using System;
using Mono.Unix.Native;

public class Transport
{
    protected virtual void Release(int fd) // expect: FDS0004
    {
        Syscall.close(fd);
    }

    public bool Send(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return false;
        bool ok = Syscall.fsync(fd) == 0;
        Release(fd);
        Syscall.close(fd); // expect: FDS0001
        return ok;
    }
}
