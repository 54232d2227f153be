// kind: constants
// Look-alike of static-readonly-no-cloexec: the static readonly flags include O_CLOEXEC. Clean.
using System;
using Mono.Unix.Native;

public static class Reader
{
    private static readonly OpenFlags ReadFlags = OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC;

    public static long Size(string path)
    {
        int fd = Syscall.open(path, ReadFlags);
        if (fd < 0) return -1;
        long size = Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;
        Syscall.close(fd);
        return size;
    }
}
