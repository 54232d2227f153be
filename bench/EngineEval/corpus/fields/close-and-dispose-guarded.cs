// kind: fields
// Look-alike of close-and-dispose: Close() returns when the port is already closed and resets _fd
// after closing; Dispose() calls Close(). Close-then-Dispose closes once. Only FDS0004 at the field.
using System;
using Mono.Unix.Native;

public sealed class SerialPort : IDisposable
{
    private int _fd = -1; // expect: FDS0004

    public SerialPort(string device)
    {
        _fd = Syscall.open(device, OpenFlags.O_RDWR | OpenFlags.O_NOCTTY | OpenFlags.O_CLOEXEC);
        if (_fd < 0) throw new InvalidOperationException("cannot open " + device);
    }

    public void Drain()
    {
        if (Syscall.fsync(_fd) < 0) throw new InvalidOperationException("fsync: " + Stdlib.GetLastError());
    }

    public void Close()
    {
        if (_fd < 0) return;
        Syscall.close(_fd);
        _fd = -1;
    }

    public void Dispose() => Close();
}
