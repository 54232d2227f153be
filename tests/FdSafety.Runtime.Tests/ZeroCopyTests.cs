using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

/// <summary>Fd.CopyFileRange, Fd.Splice and Fd.SendFile: offsets, refusals, errors, 64-bit offsets, allocation.</summary>
public sealed class ZeroCopyTests : IDisposable
{
    private const long FourGiB = 1L << 32;

    private static readonly byte[] Data = MakeData(200_000);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CopyFileRange_copies_between_files_and_advances_both_offsets()
    {
        using OwnedFd input = OpenWith("in", Data);
        using OwnedFd output = Fd.Open(_dir.File("out"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC, FilePermissions.DEFFILEMODE);
        Fd.Seek(input, 1000, SeekFlags.SEEK_SET);

        long first = Fd.CopyFileRange(input, output, 5000);
        long total = first;
        long n;
        while ((n = Fd.CopyFileRange(input, output, 1 << 20)) > 0)
        {
            total += n;
        }

        Assert.Equal(5000, first);
        Assert.Equal(Data.Length - 1000, total);
        Assert.Equal(Data.Length, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
        Assert.Equal(Data.Length - 1000, Fd.Seek(output, 0, SeekFlags.SEEK_CUR));
        Assert.Equal(Data.AsSpan(1000).ToArray(), File.ReadAllBytes(_dir.File("out")));
    }

    [Fact]
    public void CopyFileRange_with_offsets_leaves_the_file_offsets_alone()
    {
        using OwnedFd input = OpenWith("in", Data);
        using OwnedFd output = Fd.Open(_dir.File("out"), OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_TRUNC, FilePermissions.DEFFILEMODE);
        long inOffset = 10;
        long outOffset = 3;

        long n = Fd.CopyFileRange(input, ref inOffset, output, ref outOffset, 100);

        Assert.Equal(100, n);
        Assert.Equal(110, inOffset);
        Assert.Equal(103, outOffset);
        Assert.Equal(0, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
        Assert.Equal(0, Fd.Seek(output, 0, SeekFlags.SEEK_CUR));
        byte[] written = File.ReadAllBytes(_dir.File("out"));
        Assert.Equal(103, written.Length);
        Assert.Equal(new byte[3], written.AsSpan(0, 3).ToArray());
        Assert.Equal(Data.AsSpan(10, 100).ToArray(), written.AsSpan(3).ToArray());
    }

    [Fact]
    public void CopyFileRange_onto_a_pipe_is_a_refusal_that_moves_nothing()
    {
        using OwnedFd input = OpenWith("in", Data);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            var e = Assert.Throws<PosixException>(() => Fd.CopyFileRange(input, write, 100));

            Assert.Equal(Errno.EINVAL, e.Errno);
            Assert.Equal("copy_file_range", e.Call);
            Assert.True(Fd.IsRefusal(e));
            Assert.Equal(0, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
        }
    }

    [Fact]
    public void CopyFileRange_onto_an_appending_file_is_a_refusal()
    {
        using OwnedFd input = OpenWith("in", Data);
        File.WriteAllText(_dir.File("log"), "x");
        using OwnedFd output = Fd.Open(_dir.File("log"), OpenFlags.O_WRONLY | OpenFlags.O_APPEND);

        var e = Assert.Throws<PosixException>(() => Fd.CopyFileRange(input, output, 100));

        Assert.Equal(Errno.EBADF, e.Errno);
        Assert.True(Fd.IsRefusal(e));
        Assert.Equal("x", File.ReadAllText(_dir.File("log")));
    }

    [Fact]
    public void Splice_moves_a_file_into_a_pipe_and_the_pipe_into_a_file()
    {
        using OwnedFd input = OpenWith("in", Data);
        using OwnedFd output = Fd.Open(_dir.File("out"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC, FilePermissions.DEFFILEMODE);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            long total = 0;
            while (total < Data.Length)
            {
                long inPipe = Fd.Splice(input, write, 32 * 1024);
                Assert.True(inPipe > 0);
                while (inPipe > 0)
                {
                    long moved = Fd.Splice(read, output, inPipe, SpliceFlags.Move);
                    Assert.True(moved > 0);
                    inPipe -= moved;
                    total += moved;
                }
            }

            Assert.Equal(0, Fd.Splice(input, write, 1000));
            Assert.Equal(Data.Length, total);
            Assert.Equal(Data.Length, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
            Assert.Equal(Data.Length, Fd.Seek(output, 0, SeekFlags.SEEK_CUR));
        }

        Assert.Equal(Data, File.ReadAllBytes(_dir.File("out")));
    }

    [Fact]
    public void Splice_with_offsets_leaves_the_file_offsets_alone()
    {
        using OwnedFd input = OpenWith("in", Data);
        using OwnedFd output = Fd.Open(_dir.File("out"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC, FilePermissions.DEFFILEMODE);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            long inOffset = 500;
            long outOffset = 7;

            Assert.Equal(300, Fd.Splice(input, ref inOffset, write, 300));
            Assert.Equal(300, Fd.Splice(read, output, ref outOffset, 300));

            Assert.Equal(800, inOffset);
            Assert.Equal(307, outOffset);
            Assert.Equal(0, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
            Assert.Equal(0, Fd.Seek(output, 0, SeekFlags.SEEK_CUR));
        }

        byte[] written = File.ReadAllBytes(_dir.File("out"));
        Assert.Equal(Data.AsSpan(500, 300).ToArray(), written.AsSpan(7).ToArray());
    }

    [Fact]
    public void Splice_between_two_files_is_a_refusal()
    {
        using OwnedFd input = OpenWith("in", Data);
        using OwnedFd output = Fd.Open(_dir.File("out"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.DEFFILEMODE);

        var e = Assert.Throws<PosixException>(() => Fd.Splice(input, output, 100));

        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal("splice", e.Call);
        Assert.True(Fd.IsRefusal(e));
        Assert.Equal(0, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
    }

    [Fact]
    public void Splice_into_a_pipe_without_a_reader_fails_with_EPIPE()
    {
        using OwnedFd input = OpenWith("in", Data);
        var (read, write) = Fd.Pipe();
        read.Dispose();
        using (write)
        {
            var e = Assert.Throws<PosixException>(() => Fd.Splice(input, write, 100));

            Assert.Equal(Errno.EPIPE, e.Errno);
            Assert.False(Fd.IsRefusal(e));
        }
    }

    [Fact]
    public void SendFile_copies_a_file_to_a_socket_and_advances_the_input_offset()
    {
        using OwnedFd input = OpenWith("in", Data);
        var (a, b) = Fd.SocketPair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0);
        using (a)
        using (b)
        {
            long sent = Fd.SendFile(a, input, 4096);
            byte[] received = new byte[8192];
            int got = 0;
            while (got < sent)
            {
                got += Fd.Read(b, received.AsSpan(got));
            }

            Assert.Equal(4096, sent);
            Assert.Equal(4096, got);
            Assert.Equal(Data.AsSpan(0, 4096).ToArray(), received.AsSpan(0, 4096).ToArray());
            Assert.Equal(4096, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
        }
    }

    [Fact]
    public void SendFile_with_an_offset_leaves_the_file_offset_alone()
    {
        using OwnedFd input = OpenWith("in", Data);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            long offset = 123;

            long sent = Fd.SendFile(write, input, ref offset, 1000);
            byte[] received = new byte[1000];
            int got = 0;
            while (got < sent)
            {
                got += Fd.Read(read, received.AsSpan(got));
            }

            Assert.Equal(1000, sent);
            Assert.Equal(1123, offset);
            Assert.Equal(0, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
            Assert.Equal(Data.AsSpan(123, 1000).ToArray(), received);
        }
    }

    [Fact]
    public void SendFile_from_a_pipe_is_a_refusal()
    {
        using OwnedFd output = Fd.Open(_dir.File("out"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.DEFFILEMODE);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            Fd.WriteAll(write, Data.AsSpan(0, 100));

            var e = Assert.Throws<PosixException>(() => Fd.SendFile(output, read, 100));

            Assert.Equal("sendfile", e.Call);
            Assert.True(Fd.IsRefusal(e), e.Message);
            Assert.Equal(100, Fd.Read(read, new byte[200]));
        }
    }

    [Fact]
    public void Offsets_beyond_4_GiB_are_64_bit_throughout()
    {
        // Sparse: 4 GiB + a little of holes, then a marker; no real data of that size is written.
        byte[] marker = Encoding.ASCII.GetBytes("past the 4 GiB line");
        string big = _dir.File("big");
        using (var stream = new FileStream(big, FileMode.Create, FileAccess.Write))
        {
            stream.Seek(FourGiB + 4096, SeekOrigin.Begin);
            stream.Write(marker);
        }

        using OwnedFd input = Fd.Open(big, OpenFlags.O_RDONLY);
        using OwnedFd output = Fd.Open(_dir.File("copy"), OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_TRUNC, FilePermissions.DEFFILEMODE);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            // copy_file_range at explicit offsets above 4 GiB, to an offset above 4 GiB.
            long inOffset = FourGiB + 4096;
            long outOffset = FourGiB + 1;
            Assert.Equal(marker.Length, Fd.CopyFileRange(input, ref inOffset, output, ref outOffset, 1 << 20));
            Assert.Equal(FourGiB + 4096 + marker.Length, inOffset);
            Assert.Equal(FourGiB + 1 + marker.Length, outOffset);
            byte[] back = new byte[marker.Length];
            Assert.Equal(marker.Length, Fd.PRead(output, back, FourGiB + 1));
            Assert.Equal(marker, back);

            // The file offset itself above 4 GiB, used and advanced by splice and sendfile.
            Fd.Seek(input, FourGiB + 4096, SeekFlags.SEEK_SET);
            Assert.Equal(marker.Length, Fd.Splice(input, write, 1 << 20));
            Assert.Equal(FourGiB + 4096 + marker.Length, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
            Assert.Equal(marker.Length, Fd.Read(read, back));
            Assert.Equal(marker, back);

            Fd.Seek(input, FourGiB + 4096 + 5, SeekFlags.SEEK_SET);
            Assert.Equal(marker.Length - 5, Fd.SendFile(write, input, 1 << 20));
            Assert.Equal(FourGiB + 4096 + marker.Length, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
            Assert.Equal(marker.Length - 5, Fd.Read(read, back));
            Assert.Equal(marker.AsSpan(5).ToArray(), back.AsSpan(0, marker.Length - 5).ToArray());
        }
    }

    [Fact]
    public void Calls_on_a_disposed_owner_throw_ObjectDisposedException_and_a_closed_number_EBADF()
    {
        OwnedFd input = OpenWith("in", Data);
        using OwnedFd output = Fd.Open(_dir.File("out"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.DEFFILEMODE);
        input.Dispose();

        Assert.Throws<ObjectDisposedException>(() => Fd.CopyFileRange(input, output, 1));
        Assert.Throws<ObjectDisposedException>(() => Fd.Splice(input, output, 1));
        Assert.Throws<ObjectDisposedException>(() => Fd.SendFile(output, input, 1));

        int closed = ClosedNumber();
        var e = Assert.Throws<PosixException>(() => Fd.SendFile(output, BorrowedFd.BorrowRaw(closed), 1));
        Assert.Equal(Errno.EBADF, e.Errno);
    }

    [Fact]
    public void Negative_counts_and_offsets_are_argument_errors()
    {
        using OwnedFd input = OpenWith("in", Data);
        using OwnedFd output = Fd.Open(_dir.File("out"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.DEFFILEMODE);
        long negative = -1;
        long zero = 0;

        Assert.Throws<ArgumentOutOfRangeException>(() => Fd.CopyFileRange(input, output, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fd.CopyFileRange(input, ref negative, output, ref zero, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fd.Splice(input, output, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fd.SendFile(output, input, ref negative, 1));
        Assert.Equal(0, Fd.Seek(input, 0, SeekFlags.SEEK_CUR));
    }

    [Fact]
    public unsafe void EINTR_during_a_blocked_splice_is_retried()
    {
        using IDisposable handler = Native.InterruptingHandler(Native.SIGUSR2);
        using OwnedFd devNull = Fd.Open("/dev/null", OpenFlags.O_WRONLY);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            int r = read.AsRawFd();
            int sink = devNull.AsRawFd();

            // Control: the same signal makes a raw splice(2) on the empty pipe fail with EINTR.
            string control = BlockedInSplice(r, signals: 1, () =>
            {
                nint rc = FdSafety.Native.LibC.splice(r, null, sink, null, 100, 0);
                int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
                return rc + " errno " + errno.ToString(CultureInfo.InvariantCulture);
            }, afterSignals: null);
            Assert.Equal("-1 errno 4", control);

            // Fd.Splice meets five of them, retries each, and then moves what arrives.
            string result = BlockedInSplice(r, signals: 5, () => Fd.Splice(read, devNull, 100).ToString(CultureInfo.InvariantCulture),
                afterSignals: () => Fd.WriteAll(write, "abc"u8));
            Assert.Equal("3", result);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a thread; each time it sits in splice(2) on <paramref name="fd"/>,
    /// sends it SIGUSR2 (which the interrupting handler lets through as EINTR); then runs
    /// <paramref name="afterSignals"/> and returns the body's result.
    /// </summary>
    private static string BlockedInSplice(int fd, int signals, Func<string> body, Action? afterSignals)
    {
        int tid = 0;
        string? result = null;
        Exception? failure = null;
        using var started = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            tid = Probe.CurrentThreadId();
            started.Set();
            try
            {
                result = body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true };
        thread.Start();
        started.Wait();
        for (int i = 0; i < signals && thread.IsAlive; i++)
        {
            WaitUntilInSplice(tid, fd);
            Native.SignalThread(tid, Native.SIGUSR2);
            Probe.WaitUntilNoSignalPending(tid);
        }

        if (thread.IsAlive && afterSignals is not null)
        {
            WaitUntilInSplice(tid, fd);
            afterSignals();
        }

        Assert.True(thread.Join(TimeSpan.FromSeconds(20)), "the blocked splice did not return");
        Assert.Null(failure);
        return result!;
    }

    /// <summary>
    /// Waits until /proc/self/task/TID/syscall says splice (275 on x86-64, 76 on AArch64) with
    /// <paramref name="fd"/> first; elsewhere it pauses instead.
    /// </summary>
    private static void WaitUntilInSplice(int tid, int fd)
    {
        int? number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 275,
            Architecture.Arm64 => 76,
            _ => null,
        };
        if (number is null)
        {
            Thread.Sleep(500);
            return;
        }

        string expected = number.Value.ToString(CultureInfo.InvariantCulture) + " 0x" + fd.ToString("x", CultureInfo.InvariantCulture) + " ";
        string path = "/proc/self/task/" + tid.ToString(CultureInfo.InvariantCulture) + "/syscall";
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = File.ReadAllText(path);
            }
            catch (IOException)
            {
                return; // the thread has ended
            }

            if (last.StartsWith(expected, StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(1);
        }

        Assert.Fail("thread " + tid.ToString(CultureInfo.InvariantCulture) + " never blocked in splice: " + last);
    }

    [Fact]
    public void Calls_allocate_nothing()
    {
        using OwnedFd input = OpenWith("in", Data);
        using OwnedFd output = Fd.Open("/dev/null", OpenFlags.O_WRONLY);
        using OwnedFd copy = Fd.Open(_dir.File("out"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC, FilePermissions.DEFFILEMODE);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            RoundOfCalls(input, output, copy, read, write);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                RoundOfCalls(input, output, copy, read, write);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }
    }

    /// <summary>One call of each kind, each moving bytes (so the success path is what is measured).</summary>
    private static void RoundOfCalls(OwnedFd input, OwnedFd devNull, OwnedFd copy, OwnedFd read, OwnedFd write)
    {
        long offset = 0;
        long copyOffset = 0;
        long moved = Fd.SendFile(devNull, input, ref offset, 512);
        moved += Fd.CopyFileRange(input, ref offset, copy, ref copyOffset, 512);
        moved += Fd.Splice(input, ref offset, write, 512);
        moved += Fd.Splice(read, devNull, 512);
        Fd.Seek(input, 0, SeekFlags.SEEK_SET);
        moved += Fd.SendFile(devNull, input, 512);
        if (moved != 5 * 512)
        {
            throw new InvalidOperationException("a call moved fewer bytes than asked: " + moved);
        }
    }

    private OwnedFd OpenWith(string name, byte[] contents)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, contents);
        return Fd.Open(path, OpenFlags.O_RDONLY);
    }

    /// <summary>A descriptor number that was open a moment ago and is closed now.</summary>
    private static int ClosedNumber()
    {
        OwnedFd fd = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
        int number = fd.AsRawFd();
        fd.Dispose();
        return number;
    }

    private static byte[] MakeData(int length)
    {
        var data = new byte[length];
        new Random(42).NextBytes(data);
        return data;
    }
}
