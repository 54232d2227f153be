// kind: switch
// Kind opens according to a (readable, writable) tuple pattern. When the file is a directory and
// both were asked for, it returns 2 without closing: that is only the (true, true) arm's descriptor
// (the test repeats `readable && writable`, unchanged parameters), which leaks (FDS0003 at the O_RDWR
// open). The other arms' descriptors are always closed.
using System;
using Mono.Unix.Native;

public static class Select
{
    public static int Kind(string path, bool readable, bool writable)
    {
        int fd = (readable, writable) switch
        {
            (true, true) => Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC), // expect: FDS0003
            (true, false) => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC),
            (false, true) => Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC),
            _ => -1,
        };
        if (fd < 0) return -1;
        if (readable && writable && Syscall.fstat(fd, out Stat st) == 0 && (st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFDIR)
            return 2;
        Syscall.close(fd);
        return 1;
    }
}
