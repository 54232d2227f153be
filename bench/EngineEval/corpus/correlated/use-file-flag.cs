// kind: correlated
// Trace writes to a file only when `useFile` is set; the descriptor is opened, checked, written and
// closed under the same test of the unchanged parameter. The write result is checked. Clean.
using System;
using System.Text;
using Mono.Unix.Native;

public static class Trace
{
    public static unsafe bool Emit(string message, bool useFile, string path)
    {
        int fd = -1;
        if (useFile)
        {
            fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
            if (fd < 0) return false;
        }
        byte[] bytes = Encoding.UTF8.GetBytes(message + "\n");
        bool ok = true;
        if (useFile)
        {
            fixed (byte* p = bytes) ok = Syscall.write(fd, p, (ulong)bytes.Length) == bytes.Length;
        }
        else
        {
            Console.Write(message + "\n");
        }
        if (useFile) Syscall.close(fd);
        return ok;
    }
}
