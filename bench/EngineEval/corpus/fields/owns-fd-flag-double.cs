// kind: fields
// Like owns-fd-flag, but Tee also closes the file in a finally after giving it to an FdStream with
// ownsFd: true; the stream's Dispose closes the same number again: a double close at the caller
// (FDS0001 at the close in the finally; docs/rules.md lists this as a limit: a constructor that
// takes over its parameter does not make a later close at the caller FDS0001). The field and the
// ctor parameter carry a descriptor (FDS0004 twice).
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
        try
        {
            using var file = new FdStream(fd, ownsFd: true);
            return file.Write(data) == data.Length;
        }
        finally
        {
            Syscall.close(fd); // expect: FDS0001
        }
    }
}
