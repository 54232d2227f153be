// kind: summaries
// OpenDevice returns 0 or an errno-like code and the descriptor through `out int fd`. The caller
// tests the status, uses the descriptor, and returns on a failed ioctl-like check without closing
// (FDS0003 at the OpenDevice call). OpenDevice's out parameter carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Tty
{
    private static int OpenDevice(string path, out int fd) // expect: FDS0004
    {
        fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_NOCTTY | OpenFlags.O_CLOEXEC);
        return fd < 0 ? (int)Stdlib.GetLastError() : 0;
    }

    public static bool IsTerminal(string path)
    {
        if (OpenDevice(path, out int fd) != 0) return false; // expect: FDS0003
        if (Syscall.fstat(fd, out Stat st) < 0) return false;
        bool chr = (st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFCHR;
        Syscall.close(fd);
        return chr;
    }
}
