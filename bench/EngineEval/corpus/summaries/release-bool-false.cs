// kind: summaries
// Release(fd, closeIt) closes only when closeIt is true. Peek calls Release(fd, false) (a copy-paste
// of the "keep" call site) and returns: the descriptor it opened is never closed (FDS0003 at the
// open). Release's fd parameter carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Devices
{
    private static void Release(int fd, bool closeIt) // expect: FDS0004
    {
        Syscall.fsync(fd);
        if (closeIt) Syscall.close(fd);
    }

    public static long Peek(string device)
    {
        int fd = Syscall.open(device, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) return -1;
        long end = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
        Release(fd, false);
        return end;
    }
}
