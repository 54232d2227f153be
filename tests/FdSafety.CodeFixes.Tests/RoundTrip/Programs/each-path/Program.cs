// each-path: prints every file named to a duplicate of standard output, reporting and skipping the
// ones that cannot be opened or read; exit status 1 if any failed. Its own libc binding.

using System;
using System.Runtime.InteropServices;

internal static class Native
{
    public const int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    public const int F_DUPFD = 0, F_DUPFD_CLOEXEC = 1030;

    [DllImport("libc", SetLastError = true)]
    public static extern int open(string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int dup(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int fcntl(int fd, int cmd, int arg);

    [DllImport("libc", SetLastError = true)]
    public static extern unsafe long read(int fd, byte* buf, ulong count);

    [DllImport("libc", SetLastError = true)]
    public static extern unsafe long write(int fd, byte* buf, ulong count);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport("libc")]
    public static extern IntPtr strerror(int errnum);

    public static string Error() => Marshal.PtrToStringAnsi(strerror(Marshal.GetLastPInvokeError())) ?? "error";
}

internal static class Program
{
    private static unsafe int Main(string[] args)
    {
        int output = Native.dup(1);
        if (output < 0)
        {
            Console.Error.WriteLine("each-path: dup: " + Native.Error());
            return 2;
        }

        int status = 0;
        byte* buf = stackalloc byte[8192];
        foreach (string path in args)
        {
            int fd = Native.open(path, Native.O_RDONLY, 0);
            if (fd < 0)
            {
                Console.Error.WriteLine("each-path: " + path + ": " + Native.Error());
                status = 1;
                continue;
            }

            long n;
            while ((n = Native.read(fd, buf, 8192)) > 0)
            {
                if (!WriteAll(output, buf, n))
                {
                    Console.Error.WriteLine("each-path: write: " + Native.Error());
                    return 1;
                }
            }

            if (n < 0)
            {
                Console.Error.WriteLine("each-path: " + path + ": " + Native.Error());
                status = 1;
                continue;
            }

            Native.close(fd);
        }

        Native.close(output);
        return status;
    }

    private static unsafe bool WriteAll(int fd, byte* buf, long n)
    {
        long done = 0;
        while (done < n)
        {
            long w = Native.write(fd, buf + done, (ulong)(n - done));
            if (w < 0)
            {
                return false;
            }

            done += w;
        }

        return true;
    }
}
