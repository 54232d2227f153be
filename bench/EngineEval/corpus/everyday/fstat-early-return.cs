// kind: everyday
// Mapper.Size returns early when fstat fails and skips the close there (FDS0003 at the open).
using System;
using Mono.Unix.Native;

public static class Mapper
{
    public static long Size(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) return -1;
        if (Syscall.fstat(fd, out Stat st) < 0)
        {
            Console.Error.WriteLine("fstat failed: " + Stdlib.GetLastError());
            return -1;
        }
        Syscall.close(fd);
        return st.st_size;
    }
}
