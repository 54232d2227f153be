// kind: lambdas
// Look-alike of lazy-size-leak: the lambda only reads fd, and the method closes it after the value
// was computed. Clean.
using System;
using Mono.Unix.Native;

public static class Report
{
    public static void Print(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            Console.Error.WriteLine("cannot open " + path);
            return;
        }
        var size = new Lazy<long>(() => Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1);
        Console.WriteLine($"{path}: {size.Value} bytes");
        Syscall.close(fd);
    }
}
