// kind: correlated
// Finish closes the descriptor when `rotate` is set and again when `compress` is set; the two are
// independent options, so with both on it is closed twice (FDS0001 at the second close, on some
// path).
using System;
using Mono.Unix.Native;

public static class Finish
{
    public static void Log(string path, bool rotate, bool compress)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.fsync(fd);
        if (rotate)
        {
            Syscall.close(fd);
            Syscall.rename(path, path + ".old");
        }
        if (compress)
        {
            Console.WriteLine("compressing " + path);
            Syscall.close(fd); // expect: FDS0001
        }
        if (!rotate && !compress) Syscall.close(fd);
    }
}
