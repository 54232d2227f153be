// kind: fields
// Tunnel keeps two descriptors; Dispose closes the socket but forgets the tun device, whose field is
// only assigned and used (fsync): the device leaks with every Tunnel (FDS0003 at its open; docs: a
// type that releases other things but forgets this field is reported). The socket is opened first,
// so the constructor's error path needs no close of _tun. Both fields carry descriptors (FDS0004).
using System;
using Mono.Unix.Native;

public sealed class Tunnel : IDisposable
{
    private readonly int _tun; // expect: FDS0004
    private readonly int _sock; // expect: FDS0004

    public Tunnel(string device)
    {
        _sock = Syscall.socket(UnixAddressFamily.AF_INET, UnixSocketType.SOCK_DGRAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_UDP);
        if (_sock < 0) throw new InvalidOperationException("socket");
        _tun = Syscall.open(device, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (_tun < 0)
        {
            Syscall.close(_sock);
            throw new InvalidOperationException("open " + device);
        }
    }

    public int Flush() => Syscall.fsync(_tun);

    public void Dispose()
    {
        Syscall.close(_sock);
    }
}
