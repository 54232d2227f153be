using System;
using System.Runtime.CompilerServices;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

public class OwnedFdTests
{
    [Fact]
    public void Dispose_closes_the_number()
    {
        OwnedFd fd = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
        int n = fd.AsRawFd();
        Assert.True(Probe.IsOpen(n));

        fd.Dispose();

        Assert.False(Probe.IsOpen(n));
        Assert.True(fd.IsClosed);
    }

    [Fact]
    public void Second_dispose_does_not_close_a_reused_number()
    {
        OwnedFd old = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
        int n = old.AsRawFd();
        old.Dispose();

        // open(2) returns the lowest free number, which is the one just closed.
        using OwnedFd reuser = Fd.Open("/dev/zero", OpenFlags.O_RDONLY);
        Assert.Equal(n, reuser.AsRawFd());

        old.Dispose();
        old.Close();

        Assert.True(Probe.IsOpen(n));
        Assert.Equal("/dev/zero", Probe.Target(n));
    }

    [Fact]
    public void Use_after_dispose_throws_ObjectDisposedException()
    {
        OwnedFd fd = Fd.Open("/dev/zero", OpenFlags.O_RDONLY);
        BorrowedFd borrowed = fd.AsFd();
        fd.Dispose();

        Assert.Throws<ObjectDisposedException>(() => fd.AsRawFd());
        Assert.Throws<ObjectDisposedException>(() => fd.AsFd().AsRawFd());
        Assert.Throws<ObjectDisposedException>(() => fd.TryClone());
        Assert.Throws<ObjectDisposedException>(() => fd.IntoRawFd());
        Assert.Throws<ObjectDisposedException>(() => Fd.Read(fd, new byte[1]));

        // A BorrowedFd taken before Dispose must not keep working on the stale number.
        ObjectDisposedException? fromBorrowedRead = null;
        try
        {
            Fd.Read(borrowed, new byte[1]);
        }
        catch (ObjectDisposedException e)
        {
            fromBorrowedRead = e;
        }

        Assert.NotNull(fromBorrowedRead);

        ObjectDisposedException? fromBorrowedPeek = null;
        try
        {
            borrowed.AsRawFd();
        }
        catch (ObjectDisposedException e)
        {
            fromBorrowedPeek = e;
        }

        Assert.NotNull(fromBorrowedPeek);
    }

    [Fact]
    public void IntoRawFd_gives_ownership_away_and_FromRawFd_takes_it_back()
    {
        OwnedFd first = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
        int n = first.IntoRawFd();

        first.Dispose();
        Assert.True(Probe.IsOpen(n));
        Assert.True(first.IsInvalid || first.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => first.AsRawFd());
        Assert.Throws<ObjectDisposedException>(() => first.IntoRawFd());

        OwnedFd second = OwnedFd.FromRawFd(n);
        Assert.Equal(n, second.AsRawFd());
        Assert.True(Probe.IsOpen(n));

        second.Dispose();
        Assert.False(Probe.IsOpen(n));
    }

    [Fact]
    public void FromRawFd_rejects_negative_numbers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OwnedFd.FromRawFd(-1));
    }

    [Fact]
    public void IsInvalid_is_false_for_an_open_descriptor()
    {
        using OwnedFd fd = OwnedFd.FromRawFd(Fd.Open("/dev/null", OpenFlags.O_RDONLY).IntoRawFd());
        Assert.False(fd.IsInvalid);
        Assert.False(fd.IsClosed);
    }

    [Fact]
    public void Finalizer_closes_an_abandoned_descriptor()
    {
        int n = OpenAndAbandon();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(Probe.IsOpen(n));
    }

    [Fact]
    public void TryClone_is_a_new_close_on_exec_number_for_the_same_file()
    {
        using var dir = new TempDir();
        string path = dir.NewFile("clone", "0123456789");
        using OwnedFd original = Fd.Open(path, OpenFlags.O_RDONLY);

        OwnedFd clone = original.TryClone();

        Assert.NotEqual(original.AsRawFd(), clone.AsRawFd());
        Assert.True(Probe.HasCloseOnExec(clone.AsRawFd()));
        Assert.Equal(Fd.Stat(original).st_ino, Fd.Stat(clone).st_ino);

        // Same open file description: the offset is shared.
        Fd.Seek(clone, 4, SeekFlags.SEEK_SET);
        Assert.Equal(4, Fd.Seek(original, 0, SeekFlags.SEEK_CUR));

        int cloneNumber = clone.AsRawFd();
        clone.Dispose();
        Assert.False(Probe.IsOpen(cloneNumber));
        Assert.True(Probe.IsOpen(original.AsRawFd()));
    }

    [Fact]
    public void Implicit_conversion_and_AsFd_lend_the_same_number()
    {
        using OwnedFd fd = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
        BorrowedFd implicitly = fd;
        IAsFd asFd = fd;

        Assert.Equal(fd.AsRawFd(), implicitly.AsRawFd());
        Assert.Equal(fd.AsRawFd(), asFd.AsFd().AsRawFd());
    }

    [Fact]
    public void Implicit_conversion_of_null_throws()
    {
        OwnedFd? none = null;
        Assert.Throws<ArgumentNullException>(() =>
        {
            BorrowedFd b = none!;
            return b.AsRawFd();
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int OpenAndAbandon()
    {
        OwnedFd fd = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
        int n = fd.AsRawFd();
        Assert.True(Probe.IsOpen(n));
        return n;
    }
}
