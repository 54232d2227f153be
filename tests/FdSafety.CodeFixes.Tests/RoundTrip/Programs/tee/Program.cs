// tee: copies standard input to standard output and to every file named, written on raw Mono.Posix
// calls. A file that cannot be opened is reported and skipped; the exit status is 1 if any was.

using System;
using System.Collections.Generic;
using System.Text;
using Mono.Unix;
using Mono.Unix.Native;

internal static class Program
{
    private const int BufferSize = 4096;

    private static unsafe int Main(string[] args)
    {
        int status = 0;
        var outputs = new List<int> { 1 };
        foreach (string path in args)
        {
            int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR | FilePermissions.S_IRGRP);
            if (fd < 0)
            {
                Warn(path + ": " + UnixMarshal.GetErrorDescription(Stdlib.GetLastError()));
                status = 1;
                continue;
            }

            outputs.Add(fd);
        }

        byte* buf = stackalloc byte[BufferSize];
        long n;
        while ((n = Syscall.read(0, buf, BufferSize)) > 0)
        {
            foreach (int fd in outputs)
            {
                long done = 0;
                while (done < n)
                {
                    long w = Syscall.write(fd, buf + done, (ulong)(n - done));
                    if (w < 0)
                    {
                        Warn("write error: " + UnixMarshal.GetErrorDescription(Stdlib.GetLastError()));
                        return 1;
                    }

                    done += w;
                }
            }
        }

        for (int i = 1; i < outputs.Count; i++)
        {
            Syscall.close(outputs[i]);
        }

        return status;
    }

    private static unsafe void Warn(string message)
    {
        byte[] bytes = Encoding.UTF8.GetBytes("tee: " + message + "\n");
        fixed (byte* p = bytes)
        {
            Syscall.write(2, p, (ulong)bytes.Length);
        }
    }
}
