// naive-cat: cat written directly on Mono.Posix's raw syscalls, the way such code is usually
// written. It copies its operands (or standard input) to standard output and works on the happy
// path. It is also the program the FdSafety analyzer is meant to flag: the descriptor handling
// below has the everyday faults of raw-int code (see demo/cat for the version on the runtime).

using System;
using System.Runtime.InteropServices;
using System.Text;
using Mono.Unix;
using Mono.Unix.Native;

namespace FdSafety.Demo.NaiveCat;

internal static class Program
{
    private const int BufferSize = 64 * 1024;
    private const int StdinFd = 0;
    private const int StdoutFd = 1;
    private const int StderrFd = 2;

    private static int exitStatus;

    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            args = new[] { "-" };
        }

        IntPtr buf = Marshal.AllocHGlobal(BufferSize);
        foreach (string path in args)
        {
            int fd = OpenInput(path);
            if (!CopyTo(fd, buf))
            {
                Warn("write error: " + UnixMarshal.GetErrorDescription(Stdlib.GetLastError()));
                return 1;
            }

            if (fd != StdinFd)
            {
                Syscall.close(fd);
            }
        }

        Marshal.FreeHGlobal(buf);
        return exitStatus;
    }

    // Opens an input operand for reading; "-" is standard input.
    private static int OpenInput(string path)
    {
        if (path == "-")
        {
            return StdinFd;
        }

        int fd = Syscall.open(path, OpenFlags.O_RDONLY);
        Syscall.fstat(fd, out Stat st);
        if ((st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFDIR)
        {
            Warn(path + ": Is a directory");
            exitStatus = 1;
            return -1;
        }

        return fd;
    }

    // Copies everything from fd to standard output. Returns false if standard output failed.
    private static bool CopyTo(int fd, IntPtr buf)
    {
        long n;
        while ((n = Syscall.read(fd, buf, BufferSize)) > 0)
        {
            long done = 0;
            while (done < n)
            {
                long written = Syscall.write(StdoutFd, buf + (nint)done, (ulong)(n - done));
                if (written < 0)
                {
                    return false;
                }

                done += written;
            }
        }

        if (n < 0)
        {
            Warn("read error: " + UnixMarshal.GetErrorDescription(Stdlib.GetLastError()));
            exitStatus = 1;
        }

        return true;
    }

    private static unsafe void Warn(string message)
    {
        byte[] bytes = Encoding.UTF8.GetBytes("naive-cat: " + message + "\n");
        fixed (byte* p = bytes)
        {
            Syscall.write(StderrFd, p, (ulong)bytes.Length);
        }
    }
}
