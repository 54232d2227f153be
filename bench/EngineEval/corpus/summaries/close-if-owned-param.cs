// kind: summaries
// Done(fd, owned) closes only when owned is true. Copy passes the file it opened with owned: true and
// standard output with owned: false; neither leaks and 1 is never closed. Done's fd parameter
// carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Copy
{
    private static void Done(int fd, bool owned) // expect: FDS0004
    {
        if (owned) Syscall.close(fd);
    }

    public static unsafe int ToStdout(string path)
    {
        int src = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (src < 0) return 1;
        var buffer = new byte[4096];
        long n;
        int rc = 0;
        fixed (byte* p = buffer)
        {
            while ((n = Syscall.read(src, p, (ulong)buffer.Length)) > 0)
            {
                if (Syscall.write(1, p, (ulong)n) != n) { rc = 1; break; }
            }
        }
        Done(1, owned: false);
        Done(src, owned: true);
        return rc;
    }
}
