// kind: summaries
// CloseQuietly closes its argument when it is a valid descriptor. Probe calls it on a descriptor that
// is known to be open (checked right after the open), so it closes it; the explicit close that
// follows closes the same number again (FDS0001). CloseQuietly's parameter carries a descriptor
// (FDS0004).
using System;
using Mono.Unix.Native;

public static class Probe
{
    private static void CloseQuietly(int fd) // expect: FDS0004
    {
        if (fd >= 0) Syscall.close(fd);
    }

    public static bool IsRegular(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (fd < 0) return false;
        bool regular = Syscall.fstat(fd, out Stat st) == 0 && (st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFREG;
        CloseQuietly(fd);
        Syscall.close(fd); // expect: FDS0001
        return regular;
    }
}
