// kind: lambdas
// Server.Stop closes every client with a lambda whose parameter is named fd, like the listening
// socket of the outer method. That lambda closes its own parameter, not the listener; the listener
// is closed once, after the clients. Clean.
using System;
using System.Collections.Generic;
using Mono.Unix.Native;

public static class Server
{
    public static void Serve(string path, int maxClients)
    {
        int fd = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_IP);
        if (fd < 0) throw new InvalidOperationException("socket: " + Stdlib.GetLastError());
        var clients = new List<int>();
        if (Syscall.bind(fd, new SockaddrUn(path)) == 0 && Syscall.listen(fd, 16) == 0)
        {
            while (clients.Count < maxClients)
            {
                int client = Syscall.accept4(fd, new SockaddrUn(), UnixSocketFlags.SOCK_CLOEXEC);
                if (client < 0) break;
                clients.Add(client);
            }
        }
        clients.ForEach(fd => Syscall.close(fd));
        Syscall.close(fd);
    }
}
