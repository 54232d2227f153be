// kind: fields
// RotatingLog.Rotate closes the current file through CloseCurrent() and then asks fstat for the old
// file's size on the same _fd: a use after close within one method (FDS0002 at the fstat). _fd
// carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public sealed class RotatingLog : IDisposable
{
    private readonly string _path;
    private int _fd; // expect: FDS0004

    public RotatingLog(string path)
    {
        _path = path;
        _fd = OpenLog();
    }

    private int OpenLog() // expect: FDS0004
    {
        int fd = Syscall.open(_path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) throw new InvalidOperationException("open " + _path);
        return fd;
    }

    private void CloseCurrent()
    {
        Syscall.close(_fd);
    }

    public long Rotate()
    {
        CloseCurrent();
        long oldSize = Syscall.fstat(_fd, out Stat st) == 0 ? st.st_size : -1; // expect: FDS0002
        Syscall.rename(_path, _path + ".1");
        _fd = OpenLog();
        return oldSize;
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        CloseCurrent();
        _fd = -1;
    }
}
