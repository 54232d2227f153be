// kind: summaries
// The two descriptors are collected with an array initializer, `new[] { input, output }`, and
// CloseAll closes every element; both are closed (and storing them in an array element hands them on
// in any case). Clean.
using System;
using Mono.Unix.Native;

public static class Splice
{
    private static void CloseAll(int[] fds)
    {
        foreach (int fd in fds)
        {
            if (fd >= 0) Syscall.close(fd);
        }
    }

    public static bool Copy(string from, string to)
    {
        int input = Syscall.open(from, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (input < 0) return false;
        int output = Syscall.open(to, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (output < 0)
        {
            Syscall.close(input);
            return false;
        }
        bool ok = Syscall.fstat(input, out Stat st) == 0 && Syscall.ftruncate(output, st.st_size) == 0;
        CloseAll(new[] { input, output });
        return ok;
    }
}
