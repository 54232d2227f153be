// kind: bcl
// Mono's UnixStream(fd, true) owns the descriptor; the code closes it itself as well after the stream
// was disposed: FDS0006 at the close (the descriptor already has a new owner).
using System;
using System.IO;
using Mono.Unix;
using Mono.Unix.Native;

public static class Fifo
{
    public static void Send(string path, byte[] data)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new IOException("open " + path);
        using (var stream = new UnixStream(fd, true))
        {
            stream.Write(data, 0, data.Length);
        }
        Syscall.close(fd); // expect: FDS0006
    }
}
