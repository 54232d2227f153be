// kind: everyday
// The runtime's Fd.Pipe() returns (Read, Write); the code writes to the read end (FDS0008 at the
// WriteAll). Both owners are disposed by using declarations.
using System;
using FdSafety;

public static class Wakeup
{
    public static void Send()
    {
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            Fd.WriteAll(read, new byte[] { 1 }); // expect: FDS0008
        }
    }
}
