using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

/// <summary>
/// Every error a kernel returns to descriptor code, one test each: the runtime throws a
/// <see cref="PosixException"/> carrying the errno, the C call and (for calls that take one) the path, and
/// leaves no descriptor behind (a census of /proc/self/fd before and after, see <see cref="Census.Around"/>).
/// EINTR is the exception that must never surface: it is retried, and nothing is lost or duplicated.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EMFILE_from_every_creating_call_in_a_child_with_a_low_RLIMIT_NOFILE()
    {
        // The child lists the calls it makes; every creating call of the runtime must be among them.
        Assert.Equal(CreatingCalls.Discover(), ChildScenarios.EmfileCovered.OrderBy(k => k, StringComparer.Ordinal).ToList());

        ChildResult r = ChildProcess.Run("emfile");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            "Fd.Open(String, OpenFlags, FilePermissions): EMFILE open /dev/null\n" +
            "Fd.Dup(BorrowedFd): EMFILE fcntl(F_DUPFD_CLOEXEC) (no path)\n" +
            "Fd.EventFd(UInt32): EMFILE eventfd (no path)\n" +
            "Fd.MemfdCreate(String): EMFILE memfd_create emfile\n" +
            "Fd.OpenAt(BorrowedFd, String, OpenFlags, FilePermissions): EMFILE openat x\n" +
            "Fd.Pipe(): EMFILE pipe2 (no path)\n" +
            "Fd.Socket(UnixAddressFamily, UnixSocketType, UnixSocketProtocol): EMFILE socket (no path)\n" +
            "Fd.SocketPair(UnixAddressFamily, UnixSocketType, UnixSocketProtocol): EMFILE socketpair (no path)\n" +
            "OwnedFd.TryClone(): EMFILE fcntl(F_DUPFD_CLOEXEC) (no path)\n" +
            "one free, Fd.Pipe(): EMFILE pipe2 (no path)\n" +
            "one free, Fd.SocketPair: EMFILE socketpair (no path)\n" +
            "the free number was still free: True\n" +
            "opened before EMFILE: more than 0: True\n" +
            "census unchanged\n",
            r.Stdout);
    }

    [Fact]
    public void ENOSPC_writing_to_dev_full() => Census.Around("ENOSPC", () =>
    {
        using OwnedFd full = Fd.Open("/dev/full", OpenFlags.O_WRONLY);

        var once = Assert.Throws<PosixException>(() => Fd.Write(full, "x"u8));
        var all = Assert.Throws<PosixException>(() => Fd.WriteAll(full, new byte[100_000]));

        AssertFault(once, Errno.ENOSPC, "write", null);
        AssertFault(all, Errno.ENOSPC, "write", null);
        Assert.Equal("write: No space left on device (ENOSPC)", once.Message);
    });

    [Fact]
    public void EPIPE_writing_to_a_pipe_whose_reader_is_gone() => Census.Around("EPIPE", () =>
    {
        var (read, write) = Fd.Pipe();
        read.Dispose();
        using (write)
        {
            // The .NET runtime ignores SIGPIPE, so the process lives and the write fails instead.
            var e = Assert.Throws<PosixException>(() => Fd.WriteAll(write, "hello"u8));

            AssertFault(e, Errno.EPIPE, "write", null);
        }
    });

    [Fact]
    public void EISDIR_opening_a_directory_for_writing_and_reading_one() => Census.Around("EISDIR", () =>
    {
        var open = Assert.Throws<PosixException>(() => Fd.Open(_dir.Path, OpenFlags.O_WRONLY));
        using OwnedFd dir = Fd.Open(_dir.Path, OpenFlags.O_RDONLY);
        var read = Assert.Throws<PosixException>(() => Fd.Read(dir, new byte[16]));

        AssertFault(open, Errno.EISDIR, "open", _dir.Path);
        AssertFault(read, Errno.EISDIR, "read", null);
    });

    [Fact]
    public void ENOENT_opening_a_missing_path() => Census.Around("ENOENT", () =>
    {
        string path = _dir.File("missing");
        using OwnedFd dir = Fd.Open(_dir.Path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);

        var open = Assert.Throws<PosixException>(() => Fd.Open(path, OpenFlags.O_RDONLY));
        var openAt = Assert.Throws<PosixException>(() => Fd.OpenAt(dir, "missing", OpenFlags.O_RDONLY));

        AssertFault(open, Errno.ENOENT, "open", path);
        AssertFault(openAt, Errno.ENOENT, "openat", "missing");
    });

    [Fact]
    public void ENOTDIR_opening_through_a_regular_file() => Census.Around("ENOTDIR", () =>
    {
        string path = Path.Combine(_dir.NewFile("plain"), "below");
        string asDirectory = _dir.File("plain");

        var through = Assert.Throws<PosixException>(() => Fd.Open(path, OpenFlags.O_RDONLY));
        var directory = Assert.Throws<PosixException>(() => Fd.Open(asDirectory, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY));

        AssertFault(through, Errno.ENOTDIR, "open", path);
        AssertFault(directory, Errno.ENOTDIR, "open", asDirectory);
    });

    [Fact]
    public void EBADF_on_a_number_that_is_not_open() => Census.Around("EBADF", () =>
    {
        int closed = Fd.Open("/dev/null", OpenFlags.O_RDONLY).IntoRawFd();
        Assert.Equal(0, Syscall.close(closed));
        BorrowedFd gone = BorrowedFd.BorrowRaw(closed);

        AssertFault(Assert.Throws<PosixException>(() => Fd.Read(BorrowedFd.BorrowRaw(closed), new byte[1])), Errno.EBADF, "read", null);
        AssertFault(Assert.Throws<PosixException>(() => Fd.Dup(BorrowedFd.BorrowRaw(closed))), Errno.EBADF, "fcntl(F_DUPFD_CLOEXEC)", null);
        AssertFault(Assert.Throws<PosixException>(() => Fd.OpenAt(BorrowedFd.BorrowRaw(closed), "x", OpenFlags.O_RDONLY)), Errno.EBADF, "openat", "x");
        Assert.Equal(closed, gone.AsRawFd());
    });

    [Fact]
    public void EACCES_opening_a_file_the_user_may_not_read()
    {
        // Root reads anything (CAP_DAC_OVERRIDE), so as root the open runs in a child that first drops to
        // nobody (uid/gid 65534) with setresuid; otherwise it runs here, on a file with mode 000.
        string path = _dir.NewFile("secret", "not for you");
        if (Syscall.getuid() == 0)
        {
            Assert.Equal(0, Syscall.chmod(_dir.Path, FilePermissions.ACCESSPERMS & ~(FilePermissions.S_IWGRP | FilePermissions.S_IWOTH)));
            Assert.Equal(0, Syscall.chmod(path, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));

            ChildResult r = ChildProcess.Run("eacces", null, path);

            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal($"uid 65534\nopen: EACCES open {path}\ncensus unchanged\n", r.Stdout);
        }
        else
        {
            Assert.Equal(0, Syscall.chmod(path, 0));
            Census.Around("EACCES", () =>
                AssertFault(Assert.Throws<PosixException>(() => Fd.Open(path, OpenFlags.O_RDONLY)), Errno.EACCES, "open", path));
        }
    }

    [Fact]
    public void EAGAIN_on_a_non_blocking_read_is_surfaced_not_spun_on() => Census.Around("EAGAIN read", () =>
    {
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            Probe.SetNonBlocking(read.AsRawFd());

            // A spin would never return; the thread gets ten seconds.
            Exception? e = OnThread(() => Fd.Read(read, new byte[16]));

            AssertFault(Assert.IsType<PosixException>(e), Errno.EAGAIN, "read", null);
        }
    });

    [Fact]
    public void EAGAIN_on_a_non_blocking_write_is_surfaced_after_the_bytes_that_fit() => Census.Around("EAGAIN write", () =>
    {
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            Probe.SetNonBlocking(write.AsRawFd());
            byte[] data = Pattern(1 << 20);

            Exception? e = OnThread(() => Fd.WriteAll(write, data));
            Exception? full = OnThread(() => Fd.Write(write, "x"u8));

            AssertFault(Assert.IsType<PosixException>(e), Errno.EAGAIN, "write", null);
            AssertFault(Assert.IsType<PosixException>(full), Errno.EAGAIN, "write", null);
            Probe.SetNonBlocking(read.AsRawFd());
            byte[] got = DrainNonBlocking(read);
            Assert.InRange(got.Length, 1, data.Length - 1);
            Assert.True(data.AsSpan(0, got.Length).SequenceEqual(got), "the pipe holds something other than the start of the buffer");
        }
    });

    [Fact]
    public void EINTR_during_a_blocked_read_is_retried_and_nothing_is_lost_or_duplicated() => Census.Around("EINTR read", () =>
    {
        using IDisposable handler = Native.InterruptingHandler(Native.SIGUSR2);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            int n = read.AsRawFd();

            // Control: the same signal makes a raw read(2) fail with EINTR, so the runtime really meets it.
            string control = Blocked(n, inWrite: false, signals: 1, reblocks: false, () =>
            {
                long rc = Syscall.read(n, Marshal.AllocHGlobal(1), 1);
                int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
                return $"{rc} {Errors(errno)}";
            });
            Assert.Equal("-1 EINTR", control);

            var buffer = new byte[64];
            string result = Blocked(n, inWrite: false, signals: 5, reblocks: true, () =>
            {
                int count = Fd.Read(read, buffer);
                return count + " " + System.Text.Encoding.ASCII.GetString(buffer, 0, count);
            }, afterSignals: () => Fd.WriteAll(write, "abc"u8));

            Assert.Equal("3 abc", result);
            Probe.SetNonBlocking(n);
            Assert.Empty(DrainNonBlocking(read));
        }
    });

    [Fact]
    public void EINTR_during_a_blocked_write_is_retried_and_nothing_is_lost_or_duplicated() => Census.Around("EINTR write", () =>
    {
        using IDisposable handler = Native.InterruptingHandler(Native.SIGUSR2);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            int w = write.AsRawFd();
            int filled = Fill(w);

            string control = Blocked(w, inWrite: true, signals: 1, reblocks: false, () =>
            {
                long rc = Syscall.write(w, Marshal.AllocHGlobal(1), 1);
                int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
                return $"{rc} {Errors(errno)}";
            });
            Assert.Equal("-1 EINTR", control);

            // Blocked with nothing written: each signal is an EINTR that must be retried. Then the reader
            // drains while signals keep arriving, so that writes are also cut short part-way.
            byte[] payload = Pattern(256 * 1024);
            var got = new MemoryStream();
            string result = Blocked(w, inWrite: true, signals: 5, reblocks: true, () =>
            {
                Fd.WriteAll(write, payload);
                return "written";
            }, afterSignals: null, whileRunning: (tid, done) =>
            {
                var chunk = new byte[1000];
                while (got.Length < filled + payload.Length)
                {
                    Native.TrySignalThread(tid, Native.SIGUSR2);
                    int count = Fd.Read(read, chunk);
                    got.Write(chunk, 0, count);
                }
            });

            Assert.Equal("written", result);
            byte[] all = got.ToArray();
            Assert.Equal(filled + payload.Length, all.Length);
            Assert.True(all.AsSpan(0, filled).ToArray().All(b => b == 0xEE), "the filler changed");
            Assert.True(all.AsSpan(filled).SequenceEqual(payload), "the payload arrived changed (lost or duplicated bytes)");
            Probe.SetNonBlocking(read.AsRawFd());
            Assert.Empty(DrainNonBlocking(read));
        }
    });

    private static void AssertFault(PosixException e, Errno errno, string call, string? path)
    {
        Assert.Equal(errno, e.Errno);
        Assert.Equal(call, e.Call);
        Assert.Equal(path, e.Path);
        string where = path is null ? call : $"{call}({path})";
        Assert.Equal($"{where}: {PosixException.Describe(errno)} ({errno})", e.Message);
    }

    private static string Errors(int errno) => errno == 4 ? "EINTR" : "errno " + errno;

    /// <summary>Runs <paramref name="body"/> on a thread and returns what it threw, failing if it does not end within ten seconds.</summary>
    private static Exception? OnThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the call did not return (spinning on EAGAIN?)");
        return failure;
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a thread until it blocks in read/write on <paramref name="fd"/>, sends it
    /// SIGUSR2 <paramref name="signals"/> times (waiting, when <paramref name="reblocks"/>, until the retried call
    /// blocks again), then runs <paramref name="afterSignals"/> and <paramref name="whileRunning"/> and returns the body's result.
    /// </summary>
    private static string Blocked(int fd, bool inWrite, int signals, bool reblocks, Func<string> body, Action? afterSignals = null, Action<int, Func<bool>>? whileRunning = null)
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
        for (int i = 0; i < signals; i++)
        {
            Wait(tid, fd, inWrite);
            Native.SignalThread(tid, Native.SIGUSR2);
            Probe.WaitUntilNoSignalPending(tid);
            if (reblocks)
            {
                Wait(tid, fd, inWrite);
            }
        }

        afterSignals?.Invoke();
        whileRunning?.Invoke(tid, () => !thread.IsAlive);
        Assert.True(thread.Join(TimeSpan.FromSeconds(20)), "the blocked call did not return");
        Assert.Null(failure);
        return result!;
    }

    private static void Wait(int tid, int fd, bool inWrite)
    {
        if (inWrite)
        {
            Probe.WaitUntilBlockedInWrite(tid, fd);
        }
        else
        {
            Probe.WaitUntilBlockedInRead(tid, fd);
        }
    }

    /// <summary>Fills a pipe to the brim with 0xEE bytes (through a non-blocking phase) and returns how many.</summary>
    private static unsafe int Fill(int w)
    {
        Probe.SetNonBlocking(w);
        byte* chunk = stackalloc byte[4096];
        new Span<byte>(chunk, 4096).Fill(0xEE);
        int total = 0;
        int size = 4096;
        while (size > 0)
        {
            long rc = Syscall.write(w, (IntPtr)chunk, (ulong)size);
            if (rc > 0)
            {
                total += (int)rc;
            }
            else
            {
                size /= 2;
            }
        }

        Probe.SetBlocking(w);
        return total;
    }

    private static byte[] DrainNonBlocking(OwnedFd read)
    {
        var got = new MemoryStream();
        var chunk = new byte[65536];
        while (true)
        {
            int count;
            try
            {
                count = Fd.Read(read, chunk);
            }
            catch (PosixException e) when (e.Errno == Errno.EAGAIN)
            {
                return got.ToArray();
            }

            if (count == 0)
            {
                return got.ToArray();
            }

            got.Write(chunk, 0, count);
        }
    }

    private static byte[] Pattern(int length)
    {
        // Position-dependent bytes: a lost or repeated stretch shows as a mismatch.
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 7) ^ (i >> 8));
        }

        return data;
    }
}
