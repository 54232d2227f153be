// kind: constants
// Store.Open picks O_RDONLY or O_RDWR with a conditional expression held in a local; neither arm has
// O_CLOEXEC (FDS0007 at the open).
using System;
using Mono.Unix.Native;

public static class Store
{
    public static int Open(string path, bool readOnly) // expect: FDS0004
    {
        OpenFlags flags = readOnly ? OpenFlags.O_RDONLY : OpenFlags.O_RDWR | OpenFlags.O_CREAT;
        int fd = Syscall.open(path, flags, FilePermissions.DEFFILEMODE); // expect: FDS0007
        if (fd < 0) throw new InvalidOperationException("open " + path);
        return fd;
    }
}
