// kind: switch
// Like pattern-variable, but the early return when lseek fails skips the close: the descriptor from
// the pattern leaks on that path (FDS0003 at the open).
using System;
using Mono.Unix.Native;

public static class Tail
{
    public static unsafe string Last(string path, int bytes)
    {
        if (Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC) is int fd and >= 0) // expect: FDS0003
        {
            var buffer = new byte[bytes];
            long n;
            if (Syscall.lseek(fd, -bytes, SeekFlags.SEEK_END) < 0) return "";
            fixed (byte* p = buffer) n = Syscall.read(fd, p, (ulong)buffer.Length);
            Syscall.close(fd);
            return n > 0 ? System.Text.Encoding.UTF8.GetString(buffer, 0, (int)n) : "";
        }
        return "";
    }
}
