// pipe-channel: sends each argument through a pipe held by a class (both ends in fields) and reads
// it back, printing what came out. The pipe is made through the program's own libc binding.

using System;
using System.Runtime.InteropServices;
using System.Text;

internal static class Native
{
    public const int O_CLOEXEC = 0x80000;

    [DllImport("libc", SetLastError = true)]
    public static extern int pipe(int[] fds);

    [DllImport("libc", SetLastError = true)]
    public static extern int pipe2(int[] fds, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern unsafe long write(int fd, byte* buf, ulong count);

    [DllImport("libc", SetLastError = true)]
    public static extern unsafe long read(int fd, byte* buf, ulong count);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);
}

internal sealed class Channel
{
    private readonly int _read;
    private readonly int _write;

    private Channel(int read, int write)
    {
        _read = read;
        _write = write;
    }

    public static Channel? Open()
    {
        var fds = new int[2];
        if (Native.pipe(fds) != 0)
        {
            return null;
        }

        return new Channel(fds[0], fds[1]);
    }

    public unsafe bool Send(byte[] data)
    {
        fixed (byte* p = data)
        {
            long done = 0;
            while (done < data.Length)
            {
                long n = Native.write(_write, p + done, (ulong)(data.Length - done));
                if (n < 0)
                {
                    return false;
                }

                done += n;
            }
        }

        return true;
    }

    public unsafe byte[] Drain()
    {
        Native.close(_write);
        var result = new System.Collections.Generic.List<byte>();
        byte* buf = stackalloc byte[256];
        long n;
        while ((n = Native.read(_read, buf, 256)) > 0)
        {
            for (long i = 0; i < n; i++)
            {
                result.Add(buf[i]);
            }
        }

        Native.close(_read);
        return result.ToArray();
    }
}

internal static class Program
{
    private static int Main(string[] args)
    {
        foreach (string arg in args)
        {
            var channel = Channel.Open();
            if (channel == null)
            {
                Console.Error.WriteLine("pipe-channel: pipe failed");
                return 2;
            }

            if (!channel.Send(Encoding.UTF8.GetBytes(arg)))
            {
                Console.Error.WriteLine("pipe-channel: write failed");
                return 1;
            }

            Console.WriteLine("[" + Encoding.UTF8.GetString(channel.Drain()) + "]");
        }

        return 0;
    }
}
