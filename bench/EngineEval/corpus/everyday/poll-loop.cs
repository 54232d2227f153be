// kind: everyday
// A poll loop over a listening socket and standard input: the socket is put in a Pollfd array
// element (a struct field), polled, and closed at the end. Clean.
using System;
using Mono.Unix.Native;

public static class Watch
{
    public static int Loop(string path, int rounds)
    {
        int sock = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_IP);
        if (sock < 0) return -1;
        if (Syscall.bind(sock, new SockaddrUn(path)) < 0 || Syscall.listen(sock, 4) < 0)
        {
            Syscall.close(sock);
            return -1;
        }
        var fds = new Pollfd[2];
        fds[0].fd = sock;
        fds[0].events = PollEvents.POLLIN;
        fds[1].fd = 0;
        fds[1].events = PollEvents.POLLIN;
        int ready = 0;
        for (int i = 0; i < rounds; i++)
        {
            int n = Syscall.poll(fds, 100);
            if (n < 0) break;
            ready += n;
        }
        Syscall.close(sock);
        return ready;
    }
}
