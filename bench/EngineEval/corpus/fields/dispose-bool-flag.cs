// kind: fields
// Look-alike of dispose-bool-no-flag: Dispose(bool) returns when _disposed is set and sets it before
// closing, so Dispose() followed by Close() closes once. Only FDS0004 at the field.
using System;
using Mono.Unix.Native;

public class InputDevice : IDisposable
{
    private int _handle; // expect: FDS0004
    private bool _disposed;

    public InputDevice(string path)
    {
        _handle = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (_handle < 0) throw new InvalidOperationException("open " + path);
    }

    public unsafe int ReadEvent(byte[] buffer)
    {
        if (_disposed) throw new ObjectDisposedException(nameof(InputDevice));
        fixed (byte* p = buffer)
        {
            return (int)Syscall.read(_handle, p, (ulong)buffer.Length);
        }
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        Syscall.close(_handle);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    public void Close() => Dispose();

    ~InputDevice() => Dispose(false);
}
