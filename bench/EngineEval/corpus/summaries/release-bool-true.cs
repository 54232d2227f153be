// kind: summaries
// Look-alike of release-bool-false: Peek passes closeIt: true, so Release closes the descriptor.
// Release's fd parameter carries a descriptor (FDS0004).
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
        int fd = Syscall.open(device, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        long end = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
        Release(fd, closeIt: true);
        return end;
    }
}
