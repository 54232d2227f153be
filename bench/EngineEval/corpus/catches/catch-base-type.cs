// kind: catches
// Loader throws FileNotFoundException inside the try; the catch of IOException (its base type) closes
// and returns. Every path closes once. Clean.
using System;
using System.IO;
using Mono.Unix.Native;

public static class Loader
{
    public static long Load(string path, string companion)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            if (Syscall.access(companion, AccessModes.R_OK) < 0) throw new FileNotFoundException("missing " + companion);
            long size = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
            Syscall.close(fd);
            return size;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            Syscall.close(fd);
            return -1;
        }
    }
}
