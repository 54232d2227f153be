// kind: catches
// The try throws a plain IOException; the only catch is for FileNotFoundException, a subtype, which
// does not catch it: the exception leaves the method with the descriptor open (FDS0003 at the open).
using System;
using System.IO;
using Mono.Unix.Native;

public static class Manifest
{
    public static long Length(string path, string required)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) return -1;
        try
        {
            if (Syscall.access(required, AccessModes.F_OK) < 0) throw new IOException("missing " + required);
            long n = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
            Syscall.close(fd);
            return n;
        }
        catch (FileNotFoundException)
        {
            Syscall.close(fd);
            return -1;
        }
    }
}
