// kind: switch
// Look-alike of source-switch-leak: the descriptor chosen by the switch expression is closed after
// fstat. Clean.
using System;
using Mono.Unix.Native;

public enum SourceKind { File, Null, Stdin }

public static class Input
{
    public static long Length(SourceKind kind, string path)
    {
        int fd = kind switch
        {
            SourceKind.File => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC),
            SourceKind.Null => Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC),
            _ => -1,
        };
        if (fd < 0) return -1;
        long size = Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;
        Syscall.close(fd);
        return size;
    }
}
