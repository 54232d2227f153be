// kind: everyday
// Save closes the file at the end of the try to catch close's own error, and the finally closes it
// again for the error paths: on the normal path it is closed twice (FDS0001 at the close in the
// finally).
using System;
using System.IO;
using Mono.Unix.Native;

public static class Save
{
    public static unsafe void Write(string path, byte[] data)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) throw new IOException("open " + path);
        try
        {
            long n;
            fixed (byte* p = data) n = Syscall.write(fd, p, (ulong)data.Length);
            if (n != data.Length) throw new IOException("short write " + path);
            if (Syscall.close(fd) < 0) throw new IOException("close " + path);
        }
        finally
        {
            Syscall.close(fd); // expect: FDS0001
        }
    }
}
