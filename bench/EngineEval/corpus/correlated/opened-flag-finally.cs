// kind: correlated
// Snapshot copies a file into a new one. `opened` is set right after the open succeeds; the finally
// closes only when it is set, so the close never runs on -1 and runs once on every path that opened
// (return, throw, normal end). Clean.
using System;
using System.IO;
using Mono.Unix.Native;

public static class Snapshot
{
    public static unsafe long Take(string path, byte[] header)
    {
        int fd = -1;
        bool opened = false;
        try
        {
            fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);
            if (fd < 0) throw new IOException("create " + path + ": " + Stdlib.GetLastError());
            opened = true;
            long n;
            fixed (byte* p = header) n = Syscall.write(fd, p, (ulong)header.Length);
            if (n != header.Length) throw new IOException("short write to " + path);
            if (Syscall.fsync(fd) < 0) throw new IOException("fsync " + path);
            return n;
        }
        finally
        {
            if (opened) Syscall.close(fd);
        }
    }
}
