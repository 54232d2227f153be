// kind: summaries
// Posix.Check throws when a raw result is negative and returns it otherwise; Check(open(...)) is the
// checked descriptor, so the fstat that follows uses a valid value, and the close covers every path.
// Posix.Fail always throws: `if (n < 0) Posix.Fail(...)` ends that path. Clean.
using System;
using System.IO;
using Mono.Unix.Native;

public static class Posix
{
    public static int Check(int result, string what)
    {
        if (result < 0) throw new IOException(what + ": " + Stdlib.GetLastError());
        return result;
    }

    public static void Fail(string what) => throw new IOException(what + ": " + Stdlib.GetLastError());
}

public static class Inspect
{
    public static unsafe long FirstWord(string path)
    {
        int fd = Posix.Check(Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC), "open " + path);
        try
        {
            long word = 0;
            long n = Syscall.read(fd, &word, sizeof(long));
            if (n < 0) Posix.Fail("read " + path);
            return word;
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
