using System;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

public sealed class DescriptorTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Dup_gives_a_new_owned_number_for_the_same_file()
    {
        using OwnedFd original = Fd.Open(_dir.NewFile("a", "abc"), OpenFlags.O_RDONLY);
        OwnedFd copy = Fd.Dup(original);
        int copyNumber = copy.AsRawFd();

        Assert.NotEqual(original.AsRawFd(), copyNumber);
        Assert.Equal(Fd.Stat(original).st_ino, Fd.Stat(copy).st_ino);

        copy.Dispose();
        Assert.False(Probe.IsOpen(copyNumber));
        Assert.True(Probe.IsOpen(original.AsRawFd()));
    }

    [Fact]
    public void Dup2_replaces_the_target_in_place()
    {
        using OwnedFd source = Fd.Open(_dir.NewFile("source", "from source"), OpenFlags.O_RDONLY);
        using OwnedFd target = Fd.Open(_dir.NewFile("target", "from target"), OpenFlags.O_RDONLY);
        int targetNumber = target.AsRawFd();
        ulong sourceInode = Fd.Stat(source).st_ino;
        Assert.NotEqual(sourceInode, Fd.Stat(target).st_ino);

        Fd.Dup2(source, target);

        Assert.Equal(targetNumber, target.AsRawFd());
        Assert.Equal(sourceInode, Fd.Stat(target).st_ino);
        Assert.True(Probe.HasCloseOnExec(targetNumber));
        byte[] buffer = new byte[32];
        int n = Fd.Read(target, buffer);
        Assert.Equal("from source", System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        Assert.True(Probe.IsOpen(source.AsRawFd()));
    }

    [Fact]
    public void Dup2_onto_itself_is_a_no_op()
    {
        using OwnedFd fd = Fd.Open(_dir.NewFile("self"), OpenFlags.O_RDONLY);

        Fd.Dup2(fd, fd);

        Assert.True(Probe.IsOpen(fd.AsRawFd()));
    }

    [Fact]
    public void Dup2_with_a_disposed_target_throws()
    {
        using OwnedFd source = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
        OwnedFd target = Fd.Open("/dev/zero", OpenFlags.O_RDONLY);
        target.Dispose();

        Assert.Throws<ObjectDisposedException>(() => Fd.Dup2(source, target));
        Assert.Throws<ArgumentNullException>(() => Fd.Dup2(source, null!));
    }

    public void Dispose() => _dir.Dispose();
}
