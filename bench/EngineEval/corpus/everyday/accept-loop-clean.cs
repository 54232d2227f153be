// kind: everyday
// Look-alike of accept-loop-leak: the client is closed in a finally whatever Handle returns. Handle's
// parameter carries a descriptor (FDS0004).
using System;
using Mono.Unix.Native;

public static class Echo
{
    private static unsafe bool Handle(int client) // expect: FDS0004
    {
        var buffer = new byte[1024];
        fixed (byte* p = buffer)
        {
            long n = Syscall.recv(client, p, (ulong)buffer.Length, 0);
            if (n <= 0) return false;
            return Syscall.send(client, p, (ulong)n, MessageFlags.MSG_NOSIGNAL) == n;
        }
    }

    public static void Serve(string path)
    {
        int listener = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_IP);
        if (listener < 0) return;
        if (Syscall.bind(listener, new SockaddrUn(path)) < 0 || Syscall.listen(listener, 8) < 0)
        {
            Syscall.close(listener);
            return;
        }
        for (int served = 0; served < 100; served++)
        {
            int client = Syscall.accept4(listener, new SockaddrUn(), UnixSocketFlags.SOCK_CLOEXEC);
            if (client < 0) continue;
            try
            {
                if (!Handle(client)) continue;
            }
            finally
            {
                Syscall.close(client);
            }
        }
        Syscall.close(listener);
    }
}
