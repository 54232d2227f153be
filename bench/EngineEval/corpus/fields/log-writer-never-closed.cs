// kind: fields
// LogWriter opens its file in the constructor and writes through _fd, but Dispose only flushes the
// pending text and never closes _fd: every LogWriter leaks its descriptor (FDS0003 at the open; no
// member of the type closes or hands the field on). _fd is an int field that carries a descriptor
// (FDS0004 at the field).
using System;
using System.Text;
using Mono.Unix.Native;

public sealed class LogWriter : IDisposable
{
    private readonly int _fd; // expect: FDS0004
    private readonly StringBuilder _pending = new StringBuilder();

    public LogWriter(string path)
    {
        _fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE); // expect: FDS0003
        if (_fd < 0) throw new InvalidOperationException("open " + path + ": " + Stdlib.GetLastError());
    }

    public void Append(string line) => _pending.AppendLine(line);

    public unsafe void Flush()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(_pending.ToString());
        fixed (byte* p = bytes)
        {
            long n = Syscall.write(_fd, p, (ulong)bytes.Length);
            if (n < 0) throw new InvalidOperationException("write: " + Stdlib.GetLastError());
        }
        _pending.Clear();
    }

    public void Dispose() => Flush();
}
