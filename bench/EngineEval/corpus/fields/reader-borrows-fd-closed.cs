// kind: fields
// Look-alike of reader-borrows-fd: the caller keeps ownership and closes the descriptor in a finally
// after the borrowing LineSource is done with it. The ctor parameter and the field carry a
// descriptor (FDS0004 twice).
using System;
using System.Text;
using Mono.Unix.Native;

public sealed class LineSource
{
    private readonly int _fd; // expect: FDS0004
    private readonly byte[] _buffer = new byte[4096];
    private int _start, _end;

    public LineSource(int fd) => _fd = fd; // expect: FDS0004

    public unsafe string? ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end)
            {
                long n;
                fixed (byte* p = _buffer) n = Syscall.read(_fd, p, (ulong)_buffer.Length);
                if (n <= 0) return line.Length > 0 ? line.ToString() : null;
                _start = 0;
                _end = (int)n;
            }
            byte b = _buffer[_start++];
            if (b == (byte)'\n') return line.ToString();
            line.Append((char)b);
        }
    }
}

public static class Printer
{
    public static int PrintFile(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return 1;
        try
        {
            var source = new LineSource(fd);
            string? line;
            while ((line = source.ReadLine()) != null) Console.WriteLine(line);
            return 0;
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
