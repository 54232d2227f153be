// kind: lambdas
// Upload uses a local function Finish() that closes the socket unconditionally. On the error path it
// calls Finish() and then still calls shutdown on the socket (a use after close, FDS0002), and at the
// end it calls Finish() and closes the socket again (FDS0001).
using System;
using Mono.Unix.Native;

public static class Upload
{
    public static unsafe int Send(string socketPath, byte[] payload)
    {
        int sock = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_IP);
        if (sock < 0) return -1;

        void Finish()
        {
            Console.WriteLine("upload: closing");
            Syscall.close(sock);
        }

        if (Syscall.connect(sock, new SockaddrUn(socketPath)) < 0)
        {
            Finish();
            Syscall.shutdown(sock, ShutdownOption.SHUT_RDWR); // expect: FDS0002
            return -1;
        }
        long sent;
        fixed (byte* p = payload) sent = Syscall.send(sock, p, (ulong)payload.Length, MessageFlags.MSG_NOSIGNAL);
        Finish();
        Syscall.close(sock); // expect: FDS0001
        return sent == payload.Length ? 0 : -1;
    }
}
