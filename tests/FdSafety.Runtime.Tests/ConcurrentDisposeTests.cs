using System;
using System.Threading;
using Mono.Unix.Native;
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

    [Fact]
    public void A_call_failing_after_a_racing_Dispose_still_reports_its_own_errno()
    {
        // The read times out (SO_RCVTIMEO -> EAGAIN) after Dispose was requested, so releasing the call's
        // reference runs close(2) in the reading thread, between the failed read and the throw. The
        // runtime reads errno before that release (and SafeHandle also restores the saved P/Invoke error
        // around ReleaseHandle); the exception must carry the read's errno, not the close's.
        var (a, b) = Fd.SocketPair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0);
        using OwnedFd peer = b;
        int n = a.AsRawFd();
        Assert.Equal(0, Syscall.setsockopt(n, UnixSocketProtocol.SOL_SOCKET, UnixSocketOptionName.SO_RCVTIMEO, new Timeval { tv_sec = 1, tv_usec = 500_000 }));

        int tid = 0;
        Exception? failure = null;
        using var started = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            tid = Probe.CurrentThreadId();
            started.Set();
            try
            {
                Fd.Read(a, new byte[8]);
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

        a.Dispose();
        Assert.True(Probe.IsOpen(n));
        Assert.True(reader.Join(TimeSpan.FromSeconds(10)), "the read did not time out");

        var posix = Assert.IsType<PosixException>(failure);
        Assert.Equal(Errno.EAGAIN, posix.Errno);
        Assert.Equal("read", posix.Call);
        Assert.False(Probe.IsOpen(n));
    }
}
