// kind: switch
// Input.Length opens its source through a switch expression on the kind: each arm is its own
// acquiring call. The method measures the file and returns without closing it, so each arm's
// descriptor leaks (FDS0003 at both opens).
using System;
using Mono.Unix.Native;

public enum SourceKind { File, Null, Stdin }

public static class Input
{
    public static long Length(SourceKind kind, string path)
    {
        int fd = kind switch
        {
            SourceKind.File => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC), // expect: FDS0003
            SourceKind.Null => Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC), // expect: FDS0003
            _ => -1,
        };
        if (fd < 0) return -1;
        return Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;
    }
}
