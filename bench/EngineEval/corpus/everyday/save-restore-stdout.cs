// kind: everyday
// Quiet saves standard output with dup (no close-on-exec: FDS0007 at the dup), points 1 at /dev/null,
// runs the action, and restores 1 with dup2; the saved copy and the /dev/null descriptor are closed.
using System;
using Mono.Unix.Native;

public static class Quiet
{
    public static void Run(Action action)
    {
        int saved = Syscall.dup(1); // expect: FDS0007
        if (saved < 0) throw new InvalidOperationException("dup");
        int devnull = Syscall.open("/dev/null", OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (devnull < 0)
        {
            Syscall.close(saved);
            throw new InvalidOperationException("open /dev/null");
        }
        Syscall.dup2(devnull, 1);
        Syscall.close(devnull);
        try
        {
            action();
        }
        finally
        {
            Syscall.dup2(saved, 1);
            Syscall.close(saved);
        }
    }
}
