// kind: fields
// Device.Open fills the field through the TryOpen helper's out parameter; Dispose closes it once and
// resets it. TryOpen's out parameter and the field carry a descriptor (FDS0004 twice). Clean
// otherwise.
using System;
using Mono.Unix.Native;

public sealed class Device : IDisposable
{
    private int _fd = -1; // expect: FDS0004

    private static bool TryOpen(string path, out int fd) // expect: FDS0004
    {
        fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }

    public bool Open(string path)
    {
        if (_fd >= 0) return true;
        return TryOpen(path, out _fd);
    }

    public int Sync() => _fd < 0 ? -1 : Syscall.fsync(_fd);

    public void Dispose()
    {
        if (_fd < 0) return;
        Syscall.close(_fd);
        _fd = -1;
    }
}
