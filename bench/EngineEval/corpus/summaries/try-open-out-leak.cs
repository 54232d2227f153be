// kind: summaries
// TryOpen hands a descriptor out through `out int fd` with a bool status. Count reads the file
// through it and returns without closing on the success path: FDS0003 at the TryOpen call.
// TryOpen's out parameter carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Words
{
    private static bool TryOpen(string path, out int fd) // expect: FDS0004
    {
        fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }

    public static unsafe int Count(string path)
    {
        if (!TryOpen(path, out int fd)) return -1; // expect: FDS0003
        var buffer = new byte[8192];
        int words = 0;
        bool inWord = false;
        long n;
        fixed (byte* p = buffer)
        {
            while ((n = Syscall.read(fd, p, (ulong)buffer.Length)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    bool space = buffer[i] == ' ' || buffer[i] == '\n' || buffer[i] == '\t';
                    if (!space && !inWord) words++;
                    inWord = !space;
                }
            }
        }
        return words;
    }
}
