// kind: everyday
// Waiter: an epoll instance and an eventfd, both with close-on-exec; the eventfd is registered,
// signalled, waited for, and both are closed on every path. Clean.
using System;
using System.Runtime.InteropServices;
using Mono.Unix.Native;

public static class Waiter
{
    [DllImport("libc", SetLastError = true)]
    private static extern int eventfd(uint initval, int flags);

    private const int EFD_CLOEXEC = 0x80000;
    private const int EFD_NONBLOCK = 0x800;

    public static unsafe bool RoundTrip()
    {
        int ep = Syscall.epoll_create(EpollFlags.EPOLL_CLOEXEC);
        if (ep < 0) return false;
        int ev = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (ev < 0)
        {
            Syscall.close(ep);
            return false;
        }
        bool ok = false;
        if (Syscall.epoll_ctl(ep, EpollOp.EPOLL_CTL_ADD, ev, EpollEvents.EPOLLIN) == 0)
        {
            ulong one = 1;
            if (Syscall.write(ev, &one, sizeof(ulong)) == sizeof(ulong))
            {
                var events = new EpollEvent[4];
                ok = Syscall.epoll_wait(ep, events, events.Length, 1000) == 1;
            }
        }
        Syscall.close(ev);
        Syscall.close(ep);
        return ok;
    }
}
