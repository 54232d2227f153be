// kind: fields
// A struct that keeps a pipe's two ends in fields (the usual "PipePair" value type). Create fills
// them from pipe2 with O_CLOEXEC; Dispose closes both. The fields carry descriptors (FDS0004 at each).
// Clean otherwise.
using System;
using System.Runtime.InteropServices;

public struct PipePair : IDisposable
{
    [DllImport("libc", SetLastError = true)] private static extern int pipe2(int[] fds, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);

    public int ReadEnd; // expect: FDS0004
    public int WriteEnd; // expect: FDS0004

    public static PipePair Create()
    {
        var fds = new int[2];
        if (pipe2(fds, 0x80000) < 0) throw new InvalidOperationException("pipe2");
        return new PipePair { ReadEnd = fds[0], WriteEnd = fds[1] };
    }

    public void Dispose()
    {
        if (ReadEnd >= 0) close(ReadEnd);
        if (WriteEnd >= 0) close(WriteEnd);
        ReadEnd = WriteEnd = -1;
    }
}
