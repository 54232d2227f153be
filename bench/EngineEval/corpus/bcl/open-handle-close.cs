// kind: bcl
// Preallocate opens a file with File.OpenHandle (a SafeFileHandle that owns the descriptor), calls
// posix_fallocate on its raw number, and closes the raw number itself; the handle closes it again
// when the using ends: FDS0006 at the close.
using System;
using System.IO;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;

public static class Preallocate
{
    public static int Reserve(string path, long bytes)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        int fd = (int)handle.DangerousGetHandle();
        int rc = Syscall.posix_fallocate(fd, 0, (ulong)bytes);
        Syscall.close(fd); // expect: FDS0006
        return rc;
    }
}
