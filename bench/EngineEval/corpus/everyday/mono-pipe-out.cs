// kind: everyday
// Mono's pipe(out reading, out writing) cannot set close-on-exec (FDS0007 at the pipe call). Both
// ends are checked through the status and closed. Otherwise clean.
using System;
using Mono.Unix.Native;

public static class Loopback
{
    public static unsafe bool Check()
    {
        if (Syscall.pipe(out int reading, out int writing) < 0) return false; // expect: FDS0007
        byte b = 42, c = 0;
        bool ok = Syscall.write(writing, &b, 1) == 1 && Syscall.read(reading, &c, 1) == 1 && c == 42;
        Syscall.close(writing);
        Syscall.close(reading);
        return ok;
    }
}
