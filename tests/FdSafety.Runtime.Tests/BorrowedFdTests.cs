using System;
using Xunit;

namespace FdSafety.Runtime.Tests;

public class BorrowedFdTests
{
    [Fact]
    public void Standard_streams_are_0_1_2()
    {
        Assert.Equal(0, BorrowedFd.Stdin.AsRawFd());
        Assert.Equal(1, BorrowedFd.Stdout.AsRawFd());
        Assert.Equal(2, BorrowedFd.Stderr.AsRawFd());
    }

    [Fact]
    public void BorrowRaw_keeps_the_number_and_rejects_negatives()
    {
        Assert.Equal(7, BorrowedFd.BorrowRaw(7).AsRawFd());
        Assert.Throws<ArgumentOutOfRangeException>(() => BorrowedFd.BorrowRaw(-1));
    }

    [Fact]
    public void Default_lends_nothing()
    {
        Assert.Throws<InvalidOperationException>(() => default(BorrowedFd).AsRawFd());
        Assert.Throws<InvalidOperationException>(() => Fd.Read(default, new byte[1]));
        Assert.Equal("BorrowedFd(none)", default(BorrowedFd).ToString());
    }

    [Fact]
    public void Borrowing_never_closes()
    {
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            BorrowedFd borrowed = BorrowedFd.BorrowRaw(write.AsRawFd());
            Fd.WriteAll(borrowed, "z"u8);
            Assert.True(Probe.IsOpen(write.AsRawFd()));
            Assert.Equal(1, Fd.Read(read, new byte[1]));
        }
    }
}
