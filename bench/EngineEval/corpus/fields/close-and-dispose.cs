// kind: fields
// SerialPort has both Close() and Dispose(); each closes _fd and neither resets nor checks it. A user
// who calls port.Close() and then lets a using block Dispose it closes the number twice (the second
// close may hit a descriptor another thread just opened): FDS0001 at the close in Dispose, the later
// member. _fd carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public sealed class SerialPort : IDisposable
{
    private int _fd; // expect: FDS0004

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
        Syscall.close(_fd);
    }

    public void Dispose()
    {
        Syscall.close(_fd); // expect: FDS0001
    }
}
