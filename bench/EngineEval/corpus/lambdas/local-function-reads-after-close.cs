// kind: lambdas
// Probe's local function Size() reads the captured descriptor with fstat. Probe closes the descriptor
// and then calls Size() to log it: the call uses the descriptor after close (FDS0002 at the call).
using System;
using Mono.Unix.Native;

public static class Probe
{
    public static void Log(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;

        long Size() => Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;

        long before = Size();
        Syscall.close(fd);
        Console.WriteLine($"{path}: {before} -> {Size()}"); // expect: FDS0002
    }
}
