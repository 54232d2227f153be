// kind: fields
// The Dispose(bool) pattern without a disposed flag: both public Dispose() and public Close() go
// through Dispose(true), which closes _handle unconditionally and does not reset it. Dispose() then
// Close() (or the reverse) closes the number twice: FDS0001 at the close in the later member in
// source order, Close()'s call of Dispose(true). _handle carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public class InputDevice : IDisposable
{
    private int _handle; // expect: FDS0004

    public InputDevice(string path)
    {
        _handle = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (_handle < 0) throw new InvalidOperationException("open " + path);
    }

    public unsafe int ReadEvent(byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            return (int)Syscall.read(_handle, p, (ulong)buffer.Length);
        }
    }

    protected virtual void Dispose(bool disposing)
    {
        Syscall.close(_handle);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    public void Close()
    {
        Dispose(true); // expect: FDS0001
    }

    ~InputDevice() => Dispose(false);
}
