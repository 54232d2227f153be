// kind: fields
// Connect() creates a socket and hands it to new Connection(fd), whose constructor keeps it in _sock
// and whose Dispose closes it: ownership moves to the Connection, so Connect leaks nothing on the
// success path, and on the failure path (connect < 0) it closes the socket itself. The ctor
// parameter and the field carry a descriptor (FDS0004 twice).
using System;
using Mono.Unix.Native;

public sealed class Connection : IDisposable
{
    private int _sock; // expect: FDS0004

    public Connection(int sock) // expect: FDS0004
    {
        _sock = sock;
    }

    public unsafe long Send(byte[] data)
    {
        fixed (byte* p = data)
        {
            return Syscall.send(_sock, p, (ulong)data.Length, MessageFlags.MSG_NOSIGNAL);
        }
    }

    public void Dispose()
    {
        if (_sock >= 0)
        {
            Syscall.close(_sock);
            _sock = -1;
        }
    }

    public static Connection? Connect(string path)
    {
        int fd = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_IP);
        if (fd < 0) return null;
        var address = new SockaddrUn(path);
        if (Syscall.connect(fd, address) < 0)
        {
            Syscall.close(fd);
            return null;
        }
        return new Connection(fd);
    }
}
