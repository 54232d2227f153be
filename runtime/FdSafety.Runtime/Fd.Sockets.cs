using System.Runtime.InteropServices;
using FdSafety.Native;
using Mono.Unix.Native;

namespace FdSafety;

public static partial class Fd
{
    /// <summary>
    /// Creates a socket: <c>socket(domain, type | SOCK_CLOEXEC, protocol)</c>. See socket(2).
    /// </summary>
    /// <param name="domain">The address family, e.g. <c>AF_UNIX</c>, <c>AF_INET</c>.</param>
    /// <param name="type">The socket type, e.g. <c>SOCK_STREAM</c>.</param>
    /// <param name="protocol">The protocol, usually <c>0</c> (the default for the type).</param>
    /// <returns>The new socket; the caller owns it.</returns>
    /// <exception cref="PosixException">socket failed, e.g. <c>EPROTONOSUPPORT</c>.</exception>
    public static OwnedFd Socket(UnixAddressFamily domain, UnixSocketType type, UnixSocketProtocol protocol)
    {
        var owned = new OwnedFd();
        int fd = Syscall.socket(domain, type, UnixSocketFlags.SOCK_CLOEXEC, protocol);
        int errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (fd < 0)
        {
            owned.Dispose();
            throw Errors.Exception(errno, "socket");
        }

        owned.Adopt(fd);
        return owned;
    }

    /// <summary>
    /// Creates a pair of connected sockets: <c>socketpair(domain, type | SOCK_CLOEXEC, protocol, sv)</c>.
    /// Both owner objects are allocated before the call. See socketpair(2).
    /// </summary>
    /// <param name="domain">The address family; Linux supports <c>AF_UNIX</c>.</param>
    /// <param name="type">The socket type, e.g. <c>SOCK_STREAM</c> or <c>SOCK_DGRAM</c>.</param>
    /// <param name="protocol">The protocol, usually <c>0</c>.</param>
    /// <returns>Both ends, in the order socketpair(2) fills its array; the caller owns both.</returns>
    /// <exception cref="PosixException">socketpair failed, e.g. <c>EOPNOTSUPP</c>.</exception>
    public static (OwnedFd, OwnedFd) SocketPair(UnixAddressFamily domain, UnixSocketType type, UnixSocketProtocol protocol)
    {
        var first = new OwnedFd();
        var second = new OwnedFd();
        int rc = Syscall.socketpair(domain, type, UnixSocketFlags.SOCK_CLOEXEC, protocol, out int fd0, out int fd1);
        int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (rc < 0)
        {
            first.Dispose();
            second.Dispose();
            throw Errors.Exception(errno, "socketpair");
        }

        first.Adopt(fd0);
        second.Adopt(fd1);
        return (first, second);
    }
}
