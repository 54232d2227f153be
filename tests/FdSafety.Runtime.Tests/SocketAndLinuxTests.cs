using System;
using System.Text;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

public class SocketAndLinuxTests
{
    [Fact]
    public void SocketPair_ends_talk_to_each_other()
    {
        var (a, b) = Fd.SocketPair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0);
        using (a)
        using (b)
        {
            Fd.WriteAll(a, "ping"u8);
            byte[] buffer = new byte[4];
            Assert.Equal(4, Fd.Read(b, buffer));
            Assert.Equal("ping", Encoding.ASCII.GetString(buffer));
            Assert.StartsWith("socket:[", Probe.Target(a.AsRawFd()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Socket_is_a_socket()
    {
        using OwnedFd s = Fd.Socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_DGRAM, 0);

        Assert.Equal(FilePermissions.S_IFSOCK, Fd.Stat(s).st_mode & FilePermissions.S_IFMT);
    }

    [Fact]
    public void MemfdCreate_is_a_writable_anonymous_file()
    {
        string name = "fdsafety-" + Guid.NewGuid().ToString("N");
        using OwnedFd fd = Fd.MemfdCreate(name);

        Fd.WriteAll(fd, "in memory"u8);
        byte[] buffer = new byte[9];
        Assert.Equal(9, Fd.PRead(fd, buffer, 0));
        Assert.Equal("in memory", Encoding.ASCII.GetString(buffer));
        Assert.Equal(9, Fd.Stat(fd).st_size);
        Assert.StartsWith("/memfd:" + name, Probe.Target(fd.AsRawFd()), StringComparison.Ordinal);
    }

    [Fact]
    public void EventFd_counts()
    {
        using OwnedFd fd = Fd.EventFd(3);
        byte[] buffer = new byte[8];

        Assert.Equal(8, Fd.Read(fd, buffer));
        Assert.Equal(3UL, BitConverter.ToUInt64(buffer));

        Fd.WriteAll(fd, BitConverter.GetBytes(5UL));
        Fd.WriteAll(fd, BitConverter.GetBytes(2UL));
        Assert.Equal(8, Fd.Read(fd, buffer));
        Assert.Equal(7UL, BitConverter.ToUInt64(buffer));
        Assert.Equal("anon_inode:[eventfd]", Probe.Target(fd.AsRawFd()));
    }
}
