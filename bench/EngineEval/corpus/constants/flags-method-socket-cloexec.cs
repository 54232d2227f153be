// kind: constants
// Look-alike of flags-method-socket: the constant-returning method includes SOCK_CLOEXEC. Clean.
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
    private const int SOCK_CLOEXEC = 0x80000;

    private static int StreamType() => SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC;

    public static bool CanCreate()
    {
        int fd = socket(AF_UNIX, StreamType(), 0);
        if (fd < 0) return false;
        close(fd);
        return true;
    }
}
