// kind: catches
// Look-alike of close-then-validate: after the close the variable is set to -1, and the catch closes
// only a valid descriptor. The state entering the catch is "open" (from read) or "-1" (from
// Validate); neither path closes twice. Clean.
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
            fd = -1;
            Validate(header, n);
            return header;
        }
        catch (FormatException)
        {
            if (fd >= 0) Syscall.close(fd);
            throw;
        }
    }
}
