// kind: correlated
// Watcher.Stop tests the field _running before an early return and again after it; _running does not
// change in between (no call can write it), so the close in the second branch runs on the same path
// as the first test passing. The descriptor of the inotify instance is closed once. Only FDS0004 at
// the field.
using System;
using System.Runtime.InteropServices;

public sealed class Watcher : IDisposable
{
    [DllImport("libc", SetLastError = true)]
    private static extern int inotify_init1(int flags);
    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    private const int IN_CLOEXEC = 0x80000;
    private int _fd = -1; // expect: FDS0004
    private bool _running;

    public void Start()
    {
        if (_running) return;
        int fd = inotify_init1(IN_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException("inotify_init1: " + Marshal.GetLastWin32Error());
        _fd = fd;
        _running = true;
    }

    public void Stop()
    {
        if (!_running) return;
        Console.WriteLine("watcher stopping");
        if (_running)
        {
            close(_fd);
            _fd = -1;
            _running = false;
        }
    }

    public void Dispose() => Stop();
}
