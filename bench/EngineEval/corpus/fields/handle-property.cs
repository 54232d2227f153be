// kind: fields
// EventLoop exposes its epoll descriptor through `public int Handle => _epfd;` so other code can
// register with it; both the field and the property carry a descriptor as a raw int (FDS0004 at
// each). Dispose closes once and resets. Otherwise clean.
using System;
using Mono.Unix.Native;

public sealed class EventLoop : IDisposable
{
    private int _epfd; // expect: FDS0004

    public EventLoop()
    {
        _epfd = Syscall.epoll_create(EpollFlags.EPOLL_CLOEXEC);
        if (_epfd < 0) throw new InvalidOperationException("epoll_create1: " + Stdlib.GetLastError());
    }

    public int Handle => _epfd; // expect: FDS0004

    public int Wait(EpollEvent[] events, int timeoutMs) => Syscall.epoll_wait(_epfd, events, events.Length, timeoutMs);

    public void Dispose()
    {
        if (_epfd < 0) return;
        Syscall.close(_epfd);
        _epfd = -1;
    }
}
