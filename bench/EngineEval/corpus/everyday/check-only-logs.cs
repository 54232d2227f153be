// kind: everyday
// The failure "check" only logs and falls through: the fstat runs on -1 when open failed (FDS0005 at
// the fstat). The close of the unchecked value is not reported.
using System;
using Mono.Unix.Native;

public static class Stat2
{
    public static long Size(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd == -1) Console.Error.WriteLine("open failed: " + Stdlib.GetLastError());
        long size = Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1; // expect: FDS0005
        Syscall.close(fd);
        return size;
    }
}
