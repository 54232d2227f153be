// kind: fields
// Both Close() and Dispose() call CloseQuietly(_fd), which closes a valid number but cannot reset the
// field; neither member resets or checks _fd. Close() then Dispose() closes the same number twice
// (FDS0001 at the close in Dispose, the later member). _fd and CloseQuietly's parameter carry a
// descriptor (FDS0004 twice).
using System;
using Mono.Unix.Native;

public sealed class Capture : IDisposable
{
    private readonly int _fd; // expect: FDS0004

    public Capture(string device)
    {
        _fd = Syscall.open(device, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (_fd < 0) throw new InvalidOperationException("open " + device);
    }

    private static void CloseQuietly(int fd) // expect: FDS0004
    {
        if (fd >= 0) Syscall.close(fd);
    }

    public long Position => Syscall.lseek(_fd, 0, SeekFlags.SEEK_CUR);

    public void Close() => CloseQuietly(_fd);

    public void Dispose() => CloseQuietly(_fd); // expect: FDS0001
}
