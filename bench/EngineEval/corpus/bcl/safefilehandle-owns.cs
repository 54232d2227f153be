// kind: bcl
// Wrap gives a raw descriptor to new SafeFileHandle((IntPtr)fd, ownsHandle: true) and reads it
// through a FileStream; afterwards it also closes the raw number, which the handle owns and closes
// again when the stream is disposed: FDS0006 at the close.
using System;
using System.IO;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;

public static class Wrap
{
    public static string ReadText(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new IOException("open " + path);
        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        string text;
        using (var stream = new FileStream(handle, FileAccess.Read))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }
        Syscall.close(fd); // expect: FDS0006
        return text;
    }
}
