// kind: everyday
// Look-alike of async-cancel-leak: the close is in a finally around the awaits. Clean.
using System;
using System.Threading;
using System.Threading.Tasks;
using Mono.Unix.Native;

public static class Sensor
{
    public static async Task<long> SampleAsync(string device, CancellationToken token)
    {
        int fd = Syscall.open(device, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            await Task.Delay(10, CancellationToken.None);
            if (token.IsCancellationRequested) return -1;
            return Syscall.lseek(fd, 0, SeekFlags.SEEK_CUR);
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
