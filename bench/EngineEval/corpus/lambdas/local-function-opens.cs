// kind: lambdas
// A local function OpenRead() opens and checks; the method uses what it returns and never closes it
// (FDS0003 at the call of the local function, where the descriptor is acquired for the method).
using System;
using Mono.Unix.Native;

public static class Inspect
{
    public static long Blocks(string path)
    {
        int OpenRead()
        {
            int d = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (d < 0) throw new InvalidOperationException("open " + path);
            return d;
        }

        int fd = OpenRead(); // expect: FDS0003
        return Syscall.fstat(fd, out Stat st) == 0 ? st.st_blocks : -1;
    }
}
