// kind: everyday
// A command-line tool: when open fails it prints and calls Environment.Exit(1), which never returns,
// so the fstat below uses a checked descriptor; it is closed at the end. Clean.
using System;
using Mono.Unix.Native;

public static class Tool
{
    public static int Main2(string[] args)
    {
        int fd = Syscall.open(args[0], OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            Console.Error.WriteLine($"{args[0]}: {Stdlib.GetLastError()}");
            Environment.Exit(1);
        }
        int rc = Syscall.fstat(fd, out Stat st) == 0 ? 0 : 1;
        Console.WriteLine(st.st_size);
        Syscall.close(fd);
        return rc;
    }
}
