// kind: bcl
// Look-alike of socket-handle-close: the raw number from Socket.Handle is only used (fstat); the
// Socket's using declaration closes it. Clean.
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
    }
}
