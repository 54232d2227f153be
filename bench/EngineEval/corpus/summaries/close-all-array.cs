// kind: summaries
// Pipes.Run makes a pipe with pipe2(O_CLOEXEC) through a libc import, writes a message into it,
// reads it back, and releases both ends with CloseAll, which closes every element of its int[]
// argument. Clean.
using System;
using System.Runtime.InteropServices;

public static class Pipes
{
    [DllImport("libc", SetLastError = true)]
    private static extern int pipe2(int[] fds, int flags);
    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte[] buf, nint count);

    private const int O_CLOEXEC = 0x80000;

    private static void CloseAll(int[] fds)
    {
        foreach (int fd in fds)
        {
            if (fd >= 0) close(fd);
        }
    }

    public static string Run(string message)
    {
        var fds = new int[2];
        if (pipe2(fds, O_CLOEXEC) < 0) throw new InvalidOperationException("pipe2: " + Marshal.GetLastWin32Error());
        byte[] data = System.Text.Encoding.UTF8.GetBytes(message);
        nint written = write(fds[1], data, data.Length);
        var back = new byte[data.Length];
        nint got = written > 0 ? read(fds[0], back, written) : 0;
        CloseAll(fds);
        return System.Text.Encoding.UTF8.GetString(back, 0, (int)Math.Max(got, 0));
    }
}
