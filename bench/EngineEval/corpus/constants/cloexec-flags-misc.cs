// kind: constants
// Mono overloads without flags parameters: epoll_create(int size) and socket without the flags
// argument (FDS0007 at each); inotify through libc with IN_CLOEXEC is fine. All are closed.
using System;
using System.Runtime.InteropServices;
using Mono.Unix.Native;

public static class Setup
{
    [DllImport("libc", SetLastError = true)] private static extern int inotify_init1(int flags);

    public static bool All()
    {
        int ep = Syscall.epoll_create(16); // expect: FDS0007
        if (ep < 0) return false;
        int sock = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_DGRAM, UnixSocketProtocol.IPPROTO_IP); // expect: FDS0007
        if (sock < 0)
        {
            Syscall.close(ep);
            return false;
        }
        int ino = inotify_init1(0x80000);
        bool ok = ino >= 0;
        if (ok) Syscall.close(ino);
        Syscall.close(sock);
        Syscall.close(ep);
        return ok;
    }
}
