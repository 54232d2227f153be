// kind: fields
// The look-alike of log-writer-never-closed: Dispose flushes and then closes _fd once, resetting it
// to -1 so that a second Dispose does nothing. No leak, no double close. The int field still carries
// a descriptor (FDS0004 at the field).
using System;
using System.Text;
using Mono.Unix.Native;

public sealed class LogWriter : IDisposable
{
    private int _fd; // expect: FDS0004
    private readonly StringBuilder _pending = new StringBuilder();

    public LogWriter(string path)
    {
        _fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (_fd < 0) throw new InvalidOperationException("open " + path + ": " + Stdlib.GetLastError());
    }

    public void Append(string line) => _pending.AppendLine(line);

    public unsafe void Flush()
    {
        if (_fd < 0) throw new ObjectDisposedException(nameof(LogWriter));
        byte[] bytes = Encoding.UTF8.GetBytes(_pending.ToString());
        fixed (byte* p = bytes)
        {
            long n = Syscall.write(_fd, p, (ulong)bytes.Length);
            if (n < 0) throw new InvalidOperationException("write: " + Stdlib.GetLastError());
        }
        _pending.Clear();
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        Flush();
        Syscall.close(_fd);
        _fd = -1;
    }
}
