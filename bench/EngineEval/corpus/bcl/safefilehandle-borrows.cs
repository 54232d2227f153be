// kind: bcl
// Look-alike of safefilehandle-owns: the SafeFileHandle is made with ownsHandle: false, so it never
// closes the number, and the raw close at the end is the only one. Clean.
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
        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: false);
        string text;
        using (var stream = new FileStream(handle, FileAccess.Read))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }
        Syscall.close(fd);
        return text;
    }
}
