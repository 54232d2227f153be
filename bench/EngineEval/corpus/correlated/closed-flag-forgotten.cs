// kind: correlated
// Like closed-flag, but the early close forgets to set `closed = true`: for an empty file the
// descriptor is closed by the early branch and again at the end (FDS0001 at the last close, on
// some path).
using System;
using Mono.Unix.Native;

public static class Hexdump
{
    public static unsafe int Run(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            Console.Error.WriteLine($"hexdump: {path}: {Stdlib.GetLastError()}");
            return 1;
        }
        bool closed = false;
        if (Syscall.fstat(fd, out Stat st) == 0 && st.st_size == 0)
        {
            Console.Error.WriteLine($"hexdump: {path}: empty");
            Syscall.close(fd);
        }
        if (!closed && st.st_size > 0)
        {
            var buffer = new byte[16];
            long offset = 0, n;
            fixed (byte* p = buffer)
            {
                while ((n = Syscall.read(fd, p, (ulong)buffer.Length)) > 0)
                {
                    Console.WriteLine($"{offset:x8}  {BitConverter.ToString(buffer, 0, (int)n).Replace('-', ' ')}");
                    offset += n;
                }
            }
        }
        if (!closed) Syscall.close(fd); // expect: FDS0001
        return 0;
    }
}
