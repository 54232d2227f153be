// kind: everyday
// Ticker creates a timerfd through a libc import with TFD_CLOEXEC, arms it, waits for one expiry and
// returns, but the error branch of timerfd_settime returns without closing (FDS0003 at
// timerfd_create).
using System;
using System.Runtime.InteropServices;

public static class Ticker
{
    [StructLayout(LayoutKind.Sequential)]
    private struct ItimerSpec { public long IntervalSec, IntervalNsec, ValueSec, ValueNsec; }

    [DllImport("libc", SetLastError = true)] private static extern int timerfd_create(int clockid, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int timerfd_settime(int fd, int flags, ref ItimerSpec newValue, IntPtr oldValue);
    [DllImport("libc", SetLastError = true)] private static extern nint read(int fd, out ulong expirations, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);

    private const int CLOCK_MONOTONIC = 1;
    private const int TFD_CLOEXEC = 0x80000;

    public static ulong WaitOnce(long milliseconds)
    {
        int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC); // expect: FDS0003
        if (fd < 0) throw new InvalidOperationException("timerfd_create: " + Marshal.GetLastWin32Error());
        var spec = new ItimerSpec { ValueSec = milliseconds / 1000, ValueNsec = milliseconds % 1000 * 1_000_000 };
        if (timerfd_settime(fd, 0, ref spec, IntPtr.Zero) < 0) return 0;
        nint n = read(fd, out ulong expirations, sizeof(ulong));
        close(fd);
        return n == sizeof(ulong) ? expirations : 0;
    }
}
