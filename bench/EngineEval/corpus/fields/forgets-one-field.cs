// kind: fields
// Tunnel keeps two descriptors; Dispose closes the socket but forgets the tun device: the device leaks
// with every Tunnel (FDS0003 at its open). The constructor's error path closes _tun, and docs/rules.md
// counts any close of the field anywhere in the type as the type closing it, so this miss is a
// documented limit (forgets-one-field-plain is the same type without that close). Both fields carry
// descriptors (FDS0004 twice).
using System;
using Mono.Unix.Native;

public sealed class Tunnel : IDisposable
{
    private readonly int _tun; // expect: FDS0004
    private readonly int _sock; // expect: FDS0004

    public Tunnel(string device)
    {
        _tun = Syscall.open(device, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (_tun < 0) throw new InvalidOperationException("open " + device);
        _sock = Syscall.socket(UnixAddressFamily.AF_INET, UnixSocketType.SOCK_DGRAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_UDP);
        if (_sock < 0)
        {
            Syscall.close(_tun);
            throw new InvalidOperationException("socket");
        }
    }

    public int Flush() => Syscall.fsync(_tun);

    public void Dispose()
    {
        Syscall.close(_sock);
    }
}
