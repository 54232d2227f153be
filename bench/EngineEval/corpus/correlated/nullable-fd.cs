// kind: correlated
// The descriptor is kept in an `int?` that stays null unless a path was given; it is closed through
// `.Value` only when HasValue. Clean.
using System;
using Mono.Unix.Native;

public static class Audit
{
    public static unsafe void Record(string message, string? path)
    {
        int? fd = null;
        if (path != null)
        {
            int opened = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
            if (opened < 0) return;
            fd = opened;
        }
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(message + "\n");
        long n = 0;
        if (fd.HasValue)
        {
            fixed (byte* p = bytes) n = Syscall.write(fd.Value, p, (ulong)bytes.Length);
        }
        if (n < 0) Console.Error.WriteLine("audit write failed");
        if (fd.HasValue) Syscall.close(fd.Value);
    }
}
