using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Xunit;

namespace FdSafety.Runtime.Tests;

/// <summary>
/// Process-level libc calls the fault tests need and the runtime does not offer: signals aimed at one
/// thread, resource limits, user ids. Declared here, apart from the runtime under test.
/// </summary>
internal static unsafe class Native
{
    public const int SIGUSR2 = 12;
    public const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <summary>glibc's struct sigaction on Linux x86-64 and AArch64.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigAction
    {
        public IntPtr Handler;
        public fixed ulong Mask[16];
        public int Flags;
        public IntPtr Restorer;
    }

    [DllImport("libc", SetLastError = true)]
    public static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    public static extern int setrlimit(int resource, in RLimit limit);

    [DllImport("libc", SetLastError = true)]
    public static extern int setresuid(uint ruid, uint euid, uint suid);

    [DllImport("libc", SetLastError = true)]
    public static extern int setresgid(uint rgid, uint egid, uint sgid);

    [DllImport("libc", SetLastError = true)]
    private static extern int sigaction(int signum, SigAction* act, SigAction* oldact);

    [DllImport("libc", SetLastError = true)]
    private static extern int tgkill(int tgid, int tid, int sig);

    [DllImport("libc")]
    private static extern int getpid();

    /// <summary>Sends <paramref name="signal"/> to one thread of this process (tgkill(2)).</summary>
    public static void SignalThread(int tid, int signal)
    {
        int rc = tgkill(getpid(), tid, signal);
        int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        Assert.True(rc == 0, $"tgkill({tid}, {signal}) failed with errno {errno}");
    }

    /// <summary>Like <see cref="SignalThread"/>, but a thread that has already ended is no failure.</summary>
    public static void TrySignalThread(int tid, int signal) => _ = tgkill(getpid(), tid, signal);

    /// <summary>
    /// Installs a handler for <paramref name="signal"/> WITHOUT SA_RESTART, so that a system call blocked
    /// when it arrives fails with EINTR instead of being restarted by the kernel. The handler must be
    /// native and async-signal-safe; libc's getpid is both and ignores the signal number it is given (an
    /// extra integer argument is harmless in the x86-64 and AArch64 calling conventions). Managed code
    /// cannot run in a signal handler, and .NET's own PosixSignalRegistration installs its handler with
    /// SA_RESTART, which would hide EINTR. Dispose restores the previous action.
    /// </summary>
    public static IDisposable InterruptingHandler(int signal)
    {
        IntPtr libc = NativeLibrary.Load("libc.so.6");
        var action = new SigAction { Handler = NativeLibrary.GetExport(libc, "getpid"), Flags = 0 };
        SigAction old;
        int rc = sigaction(signal, &action, &old);
        Assert.True(rc == 0, $"sigaction({signal}) failed with errno {Marshal.GetLastPInvokeError()}");
        return new Restore(signal, old);
    }

    private sealed class Restore : IDisposable
    {
        private readonly int _signal;
        private SigAction _old;

        public Restore(int signal, SigAction old)
        {
            _signal = signal;
            _old = old;
        }

        public void Dispose()
        {
            SigAction old = _old;
            Assert.Equal(0, sigaction(_signal, &old, null));
        }
    }
}

/// <summary>The descriptors this process has open, as /proc/self/fd lists them (number -> target).</summary>
internal static class Census
{
    public static SortedDictionary<int, string> Take()
    {
        // The listing's own directory descriptor shows up in it: drop entries that point at the listing.
        var table = new SortedDictionary<int, string>();
        foreach (string entry in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            int fd = int.Parse(Path.GetFileName(entry), CultureInfo.InvariantCulture);
            string? target;
            try
            {
                target = new FileInfo(entry).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed between listing and reading: it was the listing's own descriptor
            }

            if (target is null || target.StartsWith("/proc/", StringComparison.Ordinal) && target.EndsWith("/fd", StringComparison.Ordinal))
            {
                continue;
            }

            table[fd] = target;
        }

        return table;
    }

    /// <summary>Fails when the two censuses differ, naming each descriptor that appeared or went.</summary>
    public static void AssertSame(SortedDictionary<int, string> before, SortedDictionary<int, string> after, string what)
    {
        var appeared = after.Where(e => !before.TryGetValue(e.Key, out string? t) || t != e.Value).Select(e => $"+{e.Key} -> {e.Value}");
        var went = before.Where(e => !after.TryGetValue(e.Key, out string? t) || t != e.Value).Select(e => $"-{e.Key} -> {e.Value}");
        string diff = string.Join(", ", appeared.Concat(went));
        Assert.True(diff.Length == 0, $"{what}: descriptors changed: {diff}");
    }

    /// <summary>
    /// Runs <paramref name="body"/> twice and fails if the second run left a descriptor open or closed one it
    /// did not open. The first run warms up what the .NET runtime opens lazily and keeps (assemblies it maps,
    /// /dev/urandom), which is not the code under test.
    /// </summary>
    public static void Around(string what, Action body)
    {
        body();
        Settle();
        var before = Take();
        body();
        Settle();
        AssertSame(before, Take(), what);
    }

    /// <summary>Lets finalizers run, so that a leak shows as a leak and not as garbage not yet collected.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
