// kind: switch
// A tiny control protocol over a connected socket: a switch statement on the command; "quit" closes
// and returns, every other case continues the loop. The end of input also closes. Each path closes
// once. Clean. Reply's parameter carries a descriptor (FDS0004).
using System;
using System.Text;
using Mono.Unix.Native;

public static class Control
{
    private static unsafe bool Reply(int sock, string text) // expect: FDS0004
    {
        byte[] b = Encoding.ASCII.GetBytes(text + "\n");
        fixed (byte* p = b) return Syscall.send(sock, p, (ulong)b.Length, MessageFlags.MSG_NOSIGNAL) == b.Length;
    }

    public static unsafe void Serve(string path)
    {
        int sock = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_IP);
        if (sock < 0) return;
        if (Syscall.connect(sock, new SockaddrUn(path)) < 0)
        {
            Syscall.close(sock);
            return;
        }
        var buffer = new byte[256];
        while (true)
        {
            long n;
            fixed (byte* p = buffer) n = Syscall.recv(sock, p, (ulong)buffer.Length, 0);
            if (n <= 0) break;
            string command = Encoding.ASCII.GetString(buffer, 0, (int)n).Trim();
            switch (command)
            {
                case "ping":
                    Reply(sock, "pong");
                    break;
                case "quit":
                    Reply(sock, "bye");
                    Syscall.close(sock);
                    return;
                default:
                    Reply(sock, "unknown " + command);
                    break;
            }
        }
        Syscall.close(sock);
    }
}
