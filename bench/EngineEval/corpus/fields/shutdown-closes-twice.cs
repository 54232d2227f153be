// kind: fields
// Journal.Shutdown closes _fd when fsync fails and then falls through to the unconditional close:
// on that path the same number is closed twice (FDS0001 at the second close). _fd carries a
// descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public sealed class Journal : IDisposable
{
    private int _fd = -1; // expect: FDS0004

    public void Open(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) throw new InvalidOperationException("open " + path);
        _fd = fd;
    }

    public void Shutdown()
    {
        if (Syscall.fsync(_fd) < 0)
        {
            Console.Error.WriteLine("journal: fsync failed: " + Stdlib.GetLastError());
            Syscall.close(_fd);
        }
        Syscall.close(_fd); // expect: FDS0001
        _fd = -1;
    }

    public void Dispose()
    {
        if (_fd >= 0) Shutdown();
    }
}
