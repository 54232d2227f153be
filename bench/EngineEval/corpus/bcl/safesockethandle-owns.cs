// kind: bcl
// Adopt wraps a raw socket in new SafeSocketHandle((IntPtr)fd, ownsHandle: true) and builds a .NET
// Socket on it; the Socket is returned and owns the descriptor. On the failure path the code also
// closes the raw number after giving it to the handle, which closes it again when the handle is
// disposed: FDS0006 at that close.
using System;
using System.Net.Sockets;
using Mono.Unix.Native;

public static class Adopt
{
    public static Socket? FromUnixPath(string path)
    {
        int fd = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_IP);
        if (fd < 0) return null;
        var handle = new SafeSocketHandle((IntPtr)fd, ownsHandle: true);
        if (Syscall.connect(fd, new SockaddrUn(path)) < 0)
        {
            Syscall.close(fd); // expect: FDS0006
            handle.Dispose();
            return null;
        }
        return new Socket(handle);
    }
}
