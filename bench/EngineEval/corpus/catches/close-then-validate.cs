// kind: catches
// Header.Read closes the file as soon as the header is read and then validates it; Validate throws
// FormatException, and the catch closes the descriptor again: closed twice on that path (FDS0001 at
// the close in the catch).
using System;
using Mono.Unix.Native;

public static class Header
{
    private static void Validate(byte[] header, long n)
    {
        if (n < 4 || header[0] != 0x7f || header[1] != (byte)'E') throw new FormatException("not an ELF file");
    }

    public static unsafe byte[] Read(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException("open " + path);
        var header = new byte[16];
        try
        {
            long n;
            fixed (byte* p = header) n = Syscall.read(fd, p, (ulong)header.Length);
            Syscall.close(fd);
            Validate(header, n);
            return header;
        }
        catch (FormatException)
        {
            Syscall.close(fd); // expect: FDS0001
            throw;
        }
    }
}
