// kind: everyday
// A raw cat: open, check, read loop, write loop that handles partial writes, close on every path
// (including the write error). Clean. WriteAll's parameter carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class RawCat
{
    private static unsafe bool WriteAll(int fd, byte* p, long count) // expect: FDS0004
    {
        while (count > 0)
        {
            long n = Syscall.write(fd, p, (ulong)count);
            if (n < 0)
            {
                if (Stdlib.GetLastError() == Errno.EINTR) continue;
                return false;
            }
            p += n;
            count -= n;
        }
        return true;
    }

    public static unsafe int Main2(string[] args)
    {
        var buffer = new byte[65536];
        foreach (var path in args)
        {
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0)
            {
                Console.Error.WriteLine($"cat: {path}: {Stdlib.GetLastError()}");
                return 1;
            }
            fixed (byte* p = buffer)
            {
                long n;
                while ((n = Syscall.read(fd, p, (ulong)buffer.Length)) > 0)
                {
                    if (!WriteAll(1, p, n))
                    {
                        Syscall.close(fd);
                        return 1;
                    }
                }
            }
            Syscall.close(fd);
        }
        return 0;
    }
}
