// kind: fields
// Look-alike of rotate-use-after-close: the size is taken before CloseCurrent(), then the log is
// renamed and reopened. The field and OpenLog's return carry a descriptor (FDS0004 twice).
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
        long oldSize = Syscall.fstat(_fd, out Stat st) == 0 ? st.st_size : -1;
        CloseCurrent();
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
