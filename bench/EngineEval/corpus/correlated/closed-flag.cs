// kind: correlated
// Hexdump closes an empty file right away and records it in `closed`; the read loop and the final
// close run only when !closed. Each path closes the descriptor exactly once: clean.
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
            Syscall.close(fd);
            closed = true;
        }
        if (!closed)
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
            Syscall.close(fd);
        }
        return 0;
    }
}
