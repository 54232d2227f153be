// kind: fields
// FdStream wraps a descriptor and closes it in Dispose only when it owns it (`_ownsFd`). Tee hands
// its standard output in with ownsFd: false, and a file it opened with ownsFd: true; it never closes
// the file itself. Clean (the file is owned by the stream, which is disposed by the using). The
// field and the ctor parameter carry a descriptor (FDS0004 twice).
using System;
using Mono.Unix.Native;

public sealed class FdStream : IDisposable
{
    private int _fd; // expect: FDS0004
    private readonly bool _ownsFd;

    public FdStream(int fd, bool ownsFd) // expect: FDS0004
    {
        _fd = fd;
        _ownsFd = ownsFd;
    }

    public unsafe long Write(byte[] data)
    {
        fixed (byte* p = data) return Syscall.write(_fd, p, (ulong)data.Length);
    }

    public void Dispose()
    {
        if (_ownsFd && _fd >= 0) Syscall.close(_fd);
        _fd = -1;
    }
}

public static class Tee
{
    public static bool Copy(string path, byte[] data)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) return false;
        using var file = new FdStream(fd, ownsFd: true);
        using var stdout = new FdStream(1, ownsFd: false);
        return file.Write(data) == data.Length && stdout.Write(data) == data.Length;
    }
}
