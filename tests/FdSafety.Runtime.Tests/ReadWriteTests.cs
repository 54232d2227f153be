using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

public sealed class ReadWriteTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void WriteAll_pushes_more_than_a_pipe_buffer_through_a_pipe()
    {
        byte[] data = new byte[1 << 20];
        new Random(1234).NextBytes(data);
        var (read, write) = Fd.Pipe();
        using OwnedFd reader = read;

        var received = new MemoryStream();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                byte[] chunk = new byte[7000];
                int n;
                while ((n = Fd.Read(reader, chunk)) > 0)
                {
                    received.Write(chunk, 0, n);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();

        using (write)
        {
            Fd.WriteAll(write, data);
        }

        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.Null(failure);
        Assert.Equal(data.Length, received.Length);
        Assert.True(data.AsSpan().SequenceEqual(received.ToArray()));
    }

    [Fact]
    public void Write_returns_a_partial_count_when_the_pipe_is_full()
    {
        byte[] data = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray();
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        {
            Probe.SetNonBlocking(write.AsRawFd());

            int written = Fd.Write(write, data);

            Assert.InRange(written, 1, data.Length - 1);
            var again = Assert.Throws<PosixException>(() => Fd.Write(write, data.AsSpan(written)));
            Assert.Equal(Errno.EAGAIN, again.Errno);

            byte[] back = new byte[written];
            int total = 0;
            while (total < written)
            {
                int n = Fd.Read(read, back.AsSpan(total));
                Assert.True(n > 0);
                total += n;
            }

            Assert.True(data.AsSpan(0, written).SequenceEqual(back));
        }
    }

    [Fact]
    public void Write_to_a_pipe_without_reader_is_EPIPE()
    {
        var (read, write) = Fd.Pipe();
        read.Dispose();
        using (write)
        {
            var e = Assert.Throws<PosixException>(() => Fd.Write(write, "data"u8));
            Assert.Equal(Errno.EPIPE, e.Errno);
            Assert.Equal("write", e.Call);

            var all = Assert.Throws<PosixException>(() => Fd.WriteAll(write, "data"u8));
            Assert.Equal(Errno.EPIPE, all.Errno);
        }
    }

    [Fact]
    public void Read_returns_zero_at_end_of_file_and_for_an_empty_buffer()
    {
        var (read, write) = Fd.Pipe();
        using (read)
        {
            Fd.WriteAll(write, "ab"u8);
            write.Dispose();

            Assert.Equal(0, Fd.Read(read, Span<byte>.Empty));
            byte[] buffer = new byte[10];
            Assert.Equal(2, Fd.Read(read, buffer));
            Assert.Equal(0, Fd.Read(read, buffer));
        }
    }

    [Fact]
    public void File_round_trip_with_write_seek_read_stat_fsync()
    {
        string path = _dir.File("roundtrip");
        byte[] text = Encoding.ASCII.GetBytes("hello world");
        using OwnedFd fd = Fd.Open(path, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);

        Assert.Equal(text.Length, Fd.Write(fd, text));
        Assert.Equal(text.Length, Fd.Seek(fd, 0, SeekFlags.SEEK_CUR));
        Fd.Fsync(fd);

        Assert.Equal(0, Fd.Seek(fd, 0, SeekFlags.SEEK_SET));
        byte[] buffer = new byte[64];
        int n = Fd.Read(fd, buffer);
        Assert.Equal("hello world", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Equal(0, Fd.Read(fd, buffer));

        Stat st = Fd.Stat(fd);
        Assert.Equal(text.Length, st.st_size);
        Assert.Equal(FilePermissions.S_IFREG, st.st_mode & FilePermissions.S_IFMT);
        Assert.Equal(FilePermissions.S_IRUSR | FilePermissions.S_IWUSR, st.st_mode & FilePermissions.ACCESSPERMS);
        Assert.Equal(6, Fd.Seek(fd, -5, SeekFlags.SEEK_END));
        Assert.Equal(4, Fd.Seek(fd, -2, SeekFlags.SEEK_CUR));
        var e = Assert.Throws<PosixException>(() => Fd.Seek(fd, -1, SeekFlags.SEEK_SET));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal("lseek", e.Call);

        Assert.Equal("hello world", File.ReadAllText(path));
    }

    [Fact]
    public void PRead_and_PWrite_leave_the_offset_alone()
    {
        string path = _dir.NewFile("positional", "hello world");
        using OwnedFd fd = Fd.Open(path, OpenFlags.O_RDWR);
        Fd.Seek(fd, 3, SeekFlags.SEEK_SET);

        Assert.Equal(5, Fd.PWrite(fd, "WORLD"u8, 6));
        byte[] buffer = new byte[5];
        Assert.Equal(5, Fd.PRead(fd, buffer, 0));
        Assert.Equal("hello", Encoding.ASCII.GetString(buffer));
        Assert.Equal(0, Fd.PRead(fd, buffer, 100));

        Assert.Equal(3, Fd.Seek(fd, 0, SeekFlags.SEEK_CUR));
        Assert.Equal("hello WORLD", File.ReadAllText(path));

        Assert.Throws<ArgumentOutOfRangeException>(() => Fd.PRead(fd, buffer, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fd.PWrite(fd, buffer, -1));
    }

    [Fact]
    public void OpenAt_creates_relative_to_the_directory()
    {
        using OwnedFd dir = Fd.Open(_dir.Path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        using (OwnedFd file = Fd.OpenAt(dir, "child", OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR))
        {
            Fd.WriteAll(file, "via openat"u8);
        }

        Assert.Equal("via openat", File.ReadAllText(_dir.File("child")));
    }

    [Fact]
    public void Writing_a_read_only_descriptor_is_EBADF()
    {
        using OwnedFd fd = Fd.Open(_dir.NewFile("ro", "x"), OpenFlags.O_RDONLY);

        var e = Assert.Throws<PosixException>(() => Fd.Write(fd, "y"u8));

        Assert.Equal(Errno.EBADF, e.Errno);
    }

    public void Dispose() => _dir.Dispose();
}
