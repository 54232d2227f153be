// kind: summaries
// SafeClose closes a valid descriptor and returns close's result (a conditional expression). Flush
// calls it and then closes the same descriptor again (FDS0001 at the second close). SafeClose's
// parameter carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Files
{
    private static int SafeClose(int fd) => fd >= 0 ? Syscall.close(fd) : 0; // expect: FDS0004

    public static bool Flush(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return false;
        bool ok = Syscall.fsync(fd) == 0;
        ok &= SafeClose(fd) == 0;
        Syscall.close(fd); // expect: FDS0001
        return ok;
    }
}
