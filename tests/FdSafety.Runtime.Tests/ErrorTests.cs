using System;
using System.IO;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

/// <summary>
/// errno must reach the exception unclobbered. (Reading Stdlib.GetLastError() after a failed Mono.Posix
/// call gave 203 on .NET: its first use runs a type initializer that makes P/Invokes of its own.)
/// </summary>
public sealed class ErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Open_of_a_missing_path_is_ENOENT_with_the_path()
    {
        string path = _dir.File("missing");

        var e = Assert.Throws<PosixException>(() => Fd.Open(path, OpenFlags.O_RDONLY));

        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("open", e.Call);
        Assert.Equal(path, e.Path);
        Assert.Equal($"open({path}): No such file or directory (ENOENT)", e.Message);
        Assert.IsAssignableFrom<IOException>(e);
    }

    [Fact]
    public void Open_of_a_directory_for_writing_is_EISDIR()
    {
        var e = Assert.Throws<PosixException>(() => Fd.Open(_dir.Path, OpenFlags.O_WRONLY));

        Assert.Equal(Errno.EISDIR, e.Errno);
        Assert.Equal(_dir.Path, e.Path);
        Assert.Equal($"open({_dir.Path}): Is a directory (EISDIR)", e.Message);
    }

    [Fact]
    public void Open_through_a_regular_file_is_ENOTDIR()
    {
        string path = Path.Combine(_dir.NewFile("plain"), "below");

        var e = Assert.Throws<PosixException>(() => Fd.Open(path, OpenFlags.O_RDONLY));

        Assert.Equal(Errno.ENOTDIR, e.Errno);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Open_with_O_EXCL_of_an_existing_file_is_EEXIST()
    {
        string path = _dir.NewFile("exists");

        var e = Assert.Throws<PosixException>(() => Fd.Open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, FilePermissions.S_IRUSR));

        Assert.Equal(Errno.EEXIST, e.Errno);
    }

    [Fact]
    public void OpenAt_reports_the_relative_path()
    {
        using OwnedFd dir = Fd.Open(_dir.Path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);

        var e = Assert.Throws<PosixException>(() => Fd.OpenAt(dir, "nope", OpenFlags.O_RDONLY));

        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("openat", e.Call);
        Assert.Equal("nope", e.Path);
    }

    [Fact]
    public void Calls_on_a_closed_number_are_EBADF()
    {
        int closed = Fd.Open("/dev/null", OpenFlags.O_RDONLY).IntoRawFd();
        Assert.Equal(0, Syscall.close(closed));

        var read = Assert.Throws<PosixException>(() => Fd.Read(BorrowedFd.BorrowRaw(closed), new byte[1]));
        var write = Assert.Throws<PosixException>(() => Fd.Write(BorrowedFd.BorrowRaw(closed), new byte[1]));
        var stat = Assert.Throws<PosixException>(() => Fd.Stat(BorrowedFd.BorrowRaw(closed)));
        var seek = Assert.Throws<PosixException>(() => Fd.Seek(BorrowedFd.BorrowRaw(closed), 0, SeekFlags.SEEK_SET));
        var fsync = Assert.Throws<PosixException>(() => Fd.Fsync(BorrowedFd.BorrowRaw(closed)));
        var dup = Assert.Throws<PosixException>(() => Fd.Dup(BorrowedFd.BorrowRaw(closed)));

        Assert.Equal(Errno.EBADF, read.Errno);
        Assert.Equal("read", read.Call);
        Assert.Null(read.Path);
        Assert.Equal("read: Bad file descriptor (EBADF)", read.Message);
        Assert.Equal(Errno.EBADF, write.Errno);
        Assert.Equal("write", write.Call);
        Assert.Equal(Errno.EBADF, stat.Errno);
        Assert.Equal("fstat", stat.Call);
        Assert.Equal(Errno.EBADF, seek.Errno);
        Assert.Equal(Errno.EBADF, fsync.Errno);
        Assert.Equal(Errno.EBADF, dup.Errno);
    }

    [Fact]
    public void Seek_on_a_pipe_is_ESPIPE()
    {
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            var e = Assert.Throws<PosixException>(() => Fd.Seek(read, 0, SeekFlags.SEEK_SET));
            Assert.Equal(Errno.ESPIPE, e.Errno);
            Assert.Equal("lseek", e.Call);
        }
    }

    [Fact]
    public void Socket_with_a_wrong_protocol_fails_with_its_errno()
    {
        var e = Assert.Throws<PosixException>(() => Fd.Socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketProtocol.IPPROTO_TCP));

        Assert.Equal(Errno.EPROTONOSUPPORT, e.Errno);
        Assert.Equal("socket", e.Call);
    }

    [Fact]
    public void Errno_survives_many_failures_in_a_row()
    {
        // Alternating errors: a stale or clobbered errno would show up as the previous one.
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(Errno.ENOENT, Assert.Throws<PosixException>(() => Fd.Open(_dir.File("missing"), OpenFlags.O_RDONLY)).Errno);
            Assert.Equal(Errno.EISDIR, Assert.Throws<PosixException>(() => Fd.Open(_dir.Path, OpenFlags.O_RDWR)).Errno);
        }
    }

    [Fact]
    public void Describe_handles_values_Mono_Posix_does_not_know()
    {
        Assert.Equal("No such file or directory", PosixException.Describe(Errno.ENOENT));
        Assert.Contains("203", new PosixException((Errno)203, "test").Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
