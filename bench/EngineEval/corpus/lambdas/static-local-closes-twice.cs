// kind: lambdas
// Like static-local-drain, but the static local function closes its argument when it is done, and
// the method closes the descriptor again (FDS0001 at the second close).
using System;
using Mono.Unix.Native;

public static class Checksum
{
    public static long Of(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        long sum = SumAndClose(fd);
        Syscall.close(fd); // expect: FDS0001
        return sum;

        static unsafe long SumAndClose(int d)
        {
            var buffer = new byte[4096];
            long total = 0, n;
            fixed (byte* p = buffer)
            {
                while ((n = Syscall.read(d, p, (ulong)buffer.Length)) > 0)
                {
                    for (int i = 0; i < n; i++) total += buffer[i];
                }
            }
            Syscall.close(d);
            return n < 0 ? -1 : total;
        }
    }
}
