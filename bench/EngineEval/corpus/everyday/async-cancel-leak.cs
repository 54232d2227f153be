// kind: everyday
// An async method that opens a device, awaits, and returns early when cancellation was requested,
// skipping the close (FDS0003 at the open).
using System;
using System.Threading;
using System.Threading.Tasks;
using Mono.Unix.Native;

public static class Sensor
{
    public static async Task<long> SampleAsync(string device, CancellationToken token)
    {
        int fd = Syscall.open(device, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) return -1;
        await Task.Delay(10, CancellationToken.None);
        if (token.IsCancellationRequested) return -1;
        long pos = Syscall.lseek(fd, 0, SeekFlags.SEEK_CUR);
        Syscall.close(fd);
        return pos;
    }
}
