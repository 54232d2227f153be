// kind: everyday
// CopyFile opens the source and creates the target, then copies with sendfile through a libc import.
// When creating the target fails it returns without closing the source (FDS0003 at the source open).
// The loop checks sendfile's result; both are closed on the other paths.
using System;
using System.Runtime.InteropServices;
using Mono.Unix.Native;

public static class CopyFile
{
    [DllImport("libc", SetLastError = true)]
    private static extern nint sendfile(int out_fd, int in_fd, IntPtr offset, nint count);

    public static bool Run(string from, string to)
    {
        int src = Syscall.open(from, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (src < 0) return false;
        int dst = Syscall.open(to, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (dst < 0) return false;
        bool ok = true;
        while (true)
        {
            nint n = sendfile(dst, src, IntPtr.Zero, 1 << 20);
            if (n == 0) break;
            if (n < 0) { ok = false; break; }
        }
        Syscall.close(dst);
        Syscall.close(src);
        return ok;
    }
}
