// kind: everyday
// A callback is an expression-bodied Action lambda around write (a libc import): the count is thrown
// away (FDS0009 at the write). The descriptor is closed after the callbacks ran.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Mono.Unix.Native;

public static class Hooks
{
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buf, nint count);

    public static void Run(string path, IEnumerable<byte> codes)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        foreach (byte code in codes)
        {
            var b = new[] { code };
            Action emit = () => write(fd, b, 1); // expect: FDS0009
            emit();
        }
        Syscall.close(fd);
    }
}
