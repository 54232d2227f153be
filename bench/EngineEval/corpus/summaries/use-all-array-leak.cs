// kind: summaries
// Like close-all-array, but the helper only sets both ends non-blocking (a use of each element) and
// Run forgets to close the pipe: both descriptors made by pipe2 leak (two FDS0003 at the pipe2 call).
using System;
using System.Runtime.InteropServices;

public static class Pipes
{
    [DllImport("libc", SetLastError = true)]
    private static extern int pipe2(int[] fds, int flags);
    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);
    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte[] buf, nint count);

    private const int O_CLOEXEC = 0x80000;
    private const int O_NONBLOCK = 0x800;
    private const int F_SETFL = 4;

    private static void MakeNonBlocking(int[] fds)
    {
        foreach (int fd in fds)
        {
            if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) throw new InvalidOperationException("fcntl");
        }
    }

    public static string Run(string message)
    {
        var fds = new int[2];
        if (pipe2(fds, O_CLOEXEC) < 0) throw new InvalidOperationException("pipe2: " + Marshal.GetLastWin32Error()); // expect: FDS0003 FDS0003
        MakeNonBlocking(fds);
        byte[] data = System.Text.Encoding.UTF8.GetBytes(message);
        nint written = write(fds[1], data, data.Length);
        var back = new byte[data.Length];
        nint got = written > 0 ? read(fds[0], back, written) : 0;
        return System.Text.Encoding.UTF8.GetString(back, 0, (int)Math.Max(got, 0));
    }
}
