// kind: everyday
// Notify makes a pipe with pipe2(O_CLOEXEC) through Mono's libc import and writes the wake-up byte to
// fds[0], the read end, which fails with EBADF (FDS0008 at the write). Both ends are closed.
using System;
using System.Runtime.InteropServices;

public static class Notify
{
    [DllImport("libc", SetLastError = true)] private static extern int pipe2(int[] fds, int flags);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);

    public static bool Wake()
    {
        var fds = new int[2];
        if (pipe2(fds, 0x80000) < 0) return false;
        bool ok = write(fds[0], new byte[] { 1 }, 1) == 1; // expect: FDS0008
        close(fds[0]);
        close(fds[1]);
        return ok;
    }
}
