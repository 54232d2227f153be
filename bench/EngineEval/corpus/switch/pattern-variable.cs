// kind: switch
// Tail opens the file inside an `is int fd and >= 0` pattern: the pattern variable is the checked
// descriptor, seeked and read within the if, and closed there. Clean.
using System;
using Mono.Unix.Native;

public static class Tail
{
    public static unsafe string Last(string path, int bytes)
    {
        if (Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC) is int fd and >= 0)
        {
            var buffer = new byte[bytes];
            long n = -1;
            if (Syscall.lseek(fd, -bytes, SeekFlags.SEEK_END) >= 0)
            {
                fixed (byte* p = buffer) n = Syscall.read(fd, p, (ulong)buffer.Length);
            }
            Syscall.close(fd);
            return n > 0 ? System.Text.Encoding.UTF8.GetString(buffer, 0, (int)n) : "";
        }
        return "";
    }
}
