// kind: lambdas
// Pump starts a background reader with Task.Run; the lambda reads the pipe's read end until end of
// file and closes it, so it takes it over. The method closes the write end after writing. Clean.
using System;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

public static class Pump
{
    [DllImport("libc", SetLastError = true)] private static extern int pipe2(int[] fds, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern nint read(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buf, nint count);

    public static Task<long> Start(byte[] data)
    {
        var fds = new int[2];
        if (pipe2(fds, 0x80000) < 0) throw new InvalidOperationException("pipe2");
        int readEnd = fds[0], writeEnd = fds[1];
        var reader = Task.Run(() =>
        {
            var buffer = new byte[4096];
            long total = 0;
            nint n;
            while ((n = read(readEnd, buffer, buffer.Length)) > 0) total += n;
            close(readEnd);
            return total;
        });
        nint written = write(writeEnd, data, data.Length);
        close(writeEnd);
        if (written != data.Length) Console.Error.WriteLine("short write");
        return reader;
    }
}
