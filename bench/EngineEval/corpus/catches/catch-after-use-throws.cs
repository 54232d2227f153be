// kind: catches
// Parse opens inside the try; ReadHeader (a method of the program) throws IOException on a short
// read. The catch of IOException returns -1 without closing: when the exception comes from
// ReadHeader the descriptor is open and leaks (FDS0003 at the open). ReadHeader's parameter carries
// a descriptor (FDS0004).
using System;
using System.IO;
using Mono.Unix.Native;

public static class Archive
{
    private static unsafe int ReadHeader(int fd) // expect: FDS0004
    {
        int magic = 0;
        if (Syscall.read(fd, &magic, sizeof(int)) != sizeof(int)) throw new IOException("short header");
        return magic;
    }

    public static int Parse(string path)
    {
        try
        {
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
            if (fd < 0) throw new IOException("open " + path);
            int magic = ReadHeader(fd);
            Syscall.close(fd);
            return magic;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return -1;
        }
    }
}
