// kind: lambdas
// Checksum passes the descriptor to a static local function Sum(int d) that only reads it; the
// method closes it afterwards. Local functions are exempt from FDS0004. Clean.
using System;
using Mono.Unix.Native;

public static class Checksum
{
    public static long Of(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        long sum = Sum(fd);
        Syscall.close(fd);
        return sum;

        static unsafe long Sum(int d)
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
            return n < 0 ? -1 : total;
        }
    }
}
