// kind: everyday
// CountLines(int fd) reads the descriptor it is given (FDS0004 at the parameter); Main2 passes 0,
// standard input, which it does not own and does not close. Clean otherwise.
using System;
using Mono.Unix.Native;

public static class Wc
{
    public static unsafe long CountLines(int fd) // expect: FDS0004
    {
        var buffer = new byte[8192];
        long lines = 0, n;
        fixed (byte* p = buffer)
        {
            while ((n = Syscall.read(fd, p, (ulong)buffer.Length)) > 0)
            {
                for (int i = 0; i < n; i++) if (buffer[i] == '\n') lines++;
            }
        }
        return n < 0 ? -1 : lines;
    }

    public static int Main2() => CountLines(0) < 0 ? 1 : 0;
}
