// kind: everyday
// Touch opens and immediately calls futimens-like fsync without checking open for -1: the first use
// may be on -1 (FDS0005 at the fsync). The close of an unchecked value is not reported.
using System;
using Mono.Unix.Native;

public static class Touch
{
    public static void Sync(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync(fd); // expect: FDS0005
        Syscall.close(fd);
    }
}
