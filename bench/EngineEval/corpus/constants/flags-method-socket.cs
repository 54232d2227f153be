// kind: constants
// Net.Open takes the socket type from a small method of the compilation that returns a constant
// without SOCK_CLOEXEC (libc import with integer flags): FDS0007 at the socket call.
using System;
using System.Runtime.InteropServices;

public static class Net
{
    [DllImport("libc", SetLastError = true)]
    private static extern int socket(int domain, int type, int protocol);
    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    private const int AF_UNIX = 1;
    private const int SOCK_STREAM = 1;
    private const int SOCK_NONBLOCK = 0x800;

    private static int StreamType() => SOCK_STREAM | SOCK_NONBLOCK;

    public static bool CanCreate()
    {
        int fd = socket(AF_UNIX, StreamType(), 0); // expect: FDS0007
        if (fd < 0) return false;
        close(fd);
        return true;
    }
}
