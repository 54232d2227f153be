// kind: constants
// Flags start as O_WRONLY | O_CLOEXEC and may gain O_APPEND; the access mode is write-only on every
// path, and the code then reads from the descriptor, which fails with EBADF (FDS0008 at the read).
// docs/rules.md: for FDS0008 the mode is known from a local written only by its declaration, so a
// local changed with |= is a documented limit.
using System;
using Mono.Unix.Native;

public static class Journal
{
    public static unsafe long LastByte(string path, bool append)
    {
        var flags = OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC;
        if (append) flags |= OpenFlags.O_APPEND;
        int fd = Syscall.open(path, flags);
        if (fd < 0) return -1;
        byte b = 0;
        long n = -1;
        if (Syscall.lseek(fd, -1, SeekFlags.SEEK_END) >= 0) n = Syscall.read(fd, &b, 1); // expect: FDS0008
        Syscall.close(fd);
        return n == 1 ? b : -1;
    }
}
