// kind: summaries
// CloseAll(params int[] fds) closes each element; the caller passes the two ends of a pipe as
// separate arguments (the compiler builds the array). Both ends are closed. Clean.
using System;
using System.Runtime.InteropServices;

public static class Pair
{
    [DllImport("libc", SetLastError = true)] private static extern int pipe2(int[] fds, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buf, nint count);

    private static void CloseAll(params int[] fds)
    {
        foreach (int fd in fds) close(fd);
    }

    public static bool Probe()
    {
        var fds = new int[2];
        if (pipe2(fds, 0x80000) < 0) return false;
        int r = fds[0], w = fds[1];
        bool ok = write(w, new byte[] { 0 }, 1) == 1;
        CloseAll(r, w);
        return ok;
    }
}
