// kind: bcl
// Heartbeat takes the raw number of a .NET Socket from Socket.Handle to set a socket option through
// libc, then closes that number with Syscall.close. The Socket still owns it and closes it again in
// Dispose (or worse, after the number was reused): FDS0006 at the close.
using System;
using System.Net.Sockets;
using Mono.Unix.Native;

public static class Heartbeat
{
    public static void Ping(string host, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(host, port);
        int fd = (int)socket.Handle;
        if (Syscall.fstat(fd, out Stat st) == 0) Console.WriteLine("socket inode " + st.st_ino);
        socket.Send(new byte[] { 1 });
        Syscall.close(fd); // expect: FDS0006
    }
}
