// kind: lambdas
// Look-alike of local-function-closes-then-use: shutdown happens before Finish() closes, and Finish()
// is the only close on each path. Clean.
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
            Syscall.shutdown(sock, ShutdownOption.SHUT_RDWR);
            Finish();
            return -1;
        }
        long sent;
        fixed (byte* p = payload) sent = Syscall.send(sock, p, (ulong)payload.Length, MessageFlags.MSG_NOSIGNAL);
        Finish();
        return sent == payload.Length ? 0 : -1;
    }
}
