// kind: fields
// An I2C device: the descriptor lives in _fd (FDS0004 at the field); the bus number, the device
// address and the register are plain integers handed through constructors (`: this(...)`) and to
// ioctl's request/argument positions. None of them is a descriptor, so none of those parameters or
// fields is FDS0004. Dispose closes once. Otherwise clean.
using System;
using System.Runtime.InteropServices;

public sealed class I2cDevice : IDisposable
{
    [DllImport("libc", SetLastError = true)] private static extern int open(string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int ioctl(int fd, uint request, int arg);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buf, nint count);

    private const int O_RDWR = 2;
    private const int O_CLOEXEC = 0x80000;
    private const uint I2C_SLAVE = 0x0703;

    private readonly int _address;
    private readonly int _busId;
    private int _fd = -1; // expect: FDS0004

    public I2cDevice(int address) : this(1, address) { }

    public I2cDevice(int busId, int address)
    {
        _busId = busId;
        _address = address;
    }

    public void Open()
    {
        if (_fd >= 0) return;
        int fd = open($"/dev/i2c-{_busId}", O_RDWR | O_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException("open i2c bus " + _busId);
        if (ioctl(fd, I2C_SLAVE, _address) < 0)
        {
            close(fd);
            throw new InvalidOperationException("I2C_SLAVE " + _address);
        }
        _fd = fd;
    }

    public bool WriteRegister(int register, byte value)
    {
        Open();
        var data = new[] { (byte)register, value };
        return write(_fd, data, data.Length) == data.Length;
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        close(_fd);
        _fd = -1;
    }
}
