// kind: fields
// Thread-safe release: Close() and Dispose() take the number out with Interlocked.Exchange(ref _fd, -1)
// and close it only when it was valid, so Close() then Dispose() closes once. The field carries a
// descriptor (FDS0004). Clean otherwise.
using System;
using System.Threading;
using Mono.Unix.Native;

public sealed class Channel : IDisposable
{
    private int _fd; // expect: FDS0004

    public Channel(string path)
    {
        _fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (_fd < 0) throw new InvalidOperationException("open " + path);
    }

    public int Sync() => Syscall.fsync(Volatile.Read(ref _fd));

    public void Close()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Syscall.close(fd);
    }

    public void Dispose() => Close();
}
