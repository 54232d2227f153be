// kind: bcl
// Like filestream-handle-fsync, but after fsync the code closes the raw number of the FileStream's
// SafeFileHandle; the FileStream closes it again at the end of the using: FDS0006 at the close.
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
        Syscall.close(fd); // expect: FDS0006
    }
}
