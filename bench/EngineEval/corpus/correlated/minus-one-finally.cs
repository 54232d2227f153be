// kind: correlated
// The most common raw idiom: fd starts at -1, is opened inside the try (a failure throws), and the
// finally closes it only when it is valid. Every path that opened closes once. Clean.
using System;
using System.IO;
using Mono.Unix.Native;

public static class Meta
{
    public static long Inode(string path)
    {
        int fd = -1;
        try
        {
            fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) throw new IOException("open " + path + ": " + Stdlib.GetLastError());
            if (Syscall.fstat(fd, out Stat st) < 0) throw new IOException("fstat " + path);
            return (long)st.st_ino;
        }
        finally
        {
            if (fd >= 0) Syscall.close(fd);
        }
    }
}
