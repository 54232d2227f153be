// kind: bcl
// Durable.Save writes through a FileStream and calls fsync on the raw number of its SafeFileHandle;
// it never closes that number (the FileStream does). Clean.
using System;
using System.IO;
using Mono.Unix.Native;

public static class Durable
{
    public static void Save(string path, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(data, 0, data.Length);
        stream.Flush();
        int fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        if (Syscall.fsync(fd) < 0) throw new IOException("fsync " + path + ": " + Stdlib.GetLastError());
    }
}
