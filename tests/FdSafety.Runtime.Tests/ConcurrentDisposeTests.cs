using System;
using System.Threading;
using Xunit;

namespace FdSafety.Runtime.Tests;

public class ConcurrentDisposeTests
{
    [Fact]
    public void Dispose_racing_a_blocked_read_closes_only_after_the_read_returns()
    {
        var (read, write) = Fd.Pipe();
        using OwnedFd writer = write;
        int n = read.AsRawFd();

        int tid = 0;
        int result = -1;
        Exception? failure = null;
        byte[] buffer = new byte[16];
        using var started = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            tid = Probe.CurrentThreadId();
            started.Set();
            try
            {
                result = Fd.Read(read, buffer);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        reader.IsBackground = true;
        reader.Start();
        started.Wait();
        Probe.WaitUntilBlockedInRead(Volatile.Read(ref tid), n);

        read.Dispose();

        // The blocked read holds a reference: the number stays open, but new uses are refused.
        Assert.True(Probe.IsOpen(n));
        Assert.True(reader.IsAlive);
        Assert.Throws<ObjectDisposedException>(() => read.AsRawFd());
        Assert.Throws<ObjectDisposedException>(() => Fd.Read(read, new byte[1]));
        Assert.True(Probe.IsOpen(n));

        Fd.WriteAll(writer, "x"u8);
        Assert.True(reader.Join(TimeSpan.FromSeconds(10)), "the read did not return");

        Assert.Null(failure);
        Assert.Equal(1, result);
        Assert.Equal((byte)'x', buffer[0]);
        Assert.False(Probe.IsOpen(n));
    }
}
