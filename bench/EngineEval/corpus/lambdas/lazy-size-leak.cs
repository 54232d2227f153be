// kind: lambdas
// Report captures fd in a Lazy<long> factory that only calls fstat on it (a read); nothing closes
// the descriptor, in the lambda or after it, so it leaks (FDS0003 at the open).
using System;
using Mono.Unix.Native;

public static class Report
{
    public static void Print(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0)
        {
            Console.Error.WriteLine("cannot open " + path);
            return;
        }
        var size = new Lazy<long>(() => Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1);
        Console.WriteLine($"{path}: {size.Value} bytes");
    }
}
