// kind: lambdas
// The opener is a Func<int> chosen at run time; the lambda returns the descriptor it opened (hands it
// out). The caller checks and closes what the delegate returned. Clean.
using System;
using Mono.Unix.Native;

public static class Source
{
    public static long Size(string path, bool useNull)
    {
        Func<int> opener = useNull
            ? () => Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)
            : () => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        int fd = opener();
        if (fd < 0) return -1;
        long size = Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;
        Syscall.close(fd);
        return size;
    }
}
