using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

/// <summary>Looks at descriptor numbers from outside the runtime under test, with raw fcntl(2).</summary>
internal static class Probe
{
    private const int FD_CLOEXEC = 1;

    /// <summary>fcntl(F_GETFD) succeeds; a failure must be EBADF, anything else fails the test.</summary>
    public static bool IsOpen(int fd)
    {
        int rc = Syscall.fcntl(fd, FcntlCommand.F_GETFD);
        int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (rc >= 0)
        {
            return true;
        }

        Assert.Equal((int)Errno.EBADF, errno);
        return false;
    }

    public static bool HasCloseOnExec(int fd)
    {
        int rc = Syscall.fcntl(fd, FcntlCommand.F_GETFD);
        int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        Assert.True(rc >= 0, $"fcntl({fd}, F_GETFD) failed with errno {errno}");
        return (rc & FD_CLOEXEC) != 0;
    }

    /// <summary>What /proc/self/fd/N points at, e.g. "/tmp/x", "pipe:[1234]".</summary>
    public static string Target(int fd)
    {
        return new FileInfo("/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture)).LinkTarget
            ?? throw new InvalidOperationException($"/proc/self/fd/{fd} is not a link");
    }

    public static void SetNonBlocking(int fd)
    {
        int flags = Syscall.fcntl(fd, FcntlCommand.F_GETFL);
        Assert.True(flags >= 0);
        int nonBlock = NativeConvert.FromOpenFlags(OpenFlags.O_NONBLOCK);
        Assert.Equal(0, Syscall.fcntl(fd, FcntlCommand.F_SETFL, flags | nonBlock));
    }

    public static void SetBlocking(int fd)
    {
        int flags = Syscall.fcntl(fd, FcntlCommand.F_GETFL);
        Assert.True(flags >= 0);
        int nonBlock = NativeConvert.FromOpenFlags(OpenFlags.O_NONBLOCK);
        Assert.Equal(0, Syscall.fcntl(fd, FcntlCommand.F_SETFL, flags & ~nonBlock));
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int gettid();

    public static int CurrentThreadId() => gettid();

    /// <summary>
    /// Waits until kernel thread <paramref name="tid"/> sits in read(2) on <paramref name="fd"/>, as
    /// /proc/self/task/TID/syscall reports ("NR 0xFD ..."). Where the read syscall number is not known,
    /// it falls back to a pause.
    /// </summary>
    public static void WaitUntilBlockedInRead(int tid, int fd) =>
        WaitUntilBlockedIn(tid, fd, "read", RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0,
            Architecture.Arm64 => 63,
            _ => null,
        });

    /// <summary>As <see cref="WaitUntilBlockedInRead"/>, for write(2).</summary>
    public static void WaitUntilBlockedInWrite(int tid, int fd) =>
        WaitUntilBlockedIn(tid, fd, "write", RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 1,
            Architecture.Arm64 => 64,
            _ => null,
        });

    private static void WaitUntilBlockedIn(int tid, int fd, string call, int? number)
    {
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
                Assert.Fail($"thread {tid} ended instead of blocking in {call}({fd})");
            }

            if (last.StartsWith(expected, StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(5);
        }

        Assert.Fail($"thread {tid} never blocked in {call}({fd}); {path} last said: {last}");
    }

    /// <summary>
    /// Returns once no signal is pending for thread <paramref name="tid"/> (SigPnd in its status is zero):
    /// the signal sent to it has been delivered and its handler has run.
    /// </summary>
    public static void WaitUntilNoSignalPending(int tid)
    {
        string path = "/proc/self/task/" + tid.ToString(CultureInfo.InvariantCulture) + "/status";
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            string[] status;
            try
            {
                status = File.ReadAllLines(path);
            }
            catch (IOException)
            {
                return; // the thread has ended: the signal was delivered (it ended the blocked call)
            }

            string pending = status.First(l => l.StartsWith("SigPnd:", StringComparison.Ordinal));
            if (pending.Substring("SigPnd:".Length).Trim().All(c => c == '0'))
            {
                return;
            }

            Thread.Sleep(1);
        }

        Assert.Fail($"a signal stayed pending for thread {tid}");
    }
}

/// <summary>A fresh directory under the temp path, removed with everything in it.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fdsafety-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string NewFile(string name, string contents = "")
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose()
    {
        Directory.Delete(Path, recursive: true);
    }
}
