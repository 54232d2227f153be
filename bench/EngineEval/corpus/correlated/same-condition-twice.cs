// kind: correlated
// Sink.Finish: when the target is a pipe, the descriptor is closed at once (the reader must see end of
// file before the wait); otherwise it is fsynced and closed later. `isPipe` is a parameter that does
// not change between the two tests, so every path closes exactly once. Clean.
using System;
using Mono.Unix.Native;

public static class Sink
{
    public static int Finish(string path, bool isPipe, Func<int> waitForReader)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        if (isPipe) Syscall.close(fd);
        int status = waitForReader();
        if (!isPipe)
        {
            Syscall.fsync(fd);
            Syscall.close(fd);
        }
        return status;
    }
}
