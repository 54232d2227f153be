using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.AccessModeAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// FDS0008: a write to a descriptor opened read-only (or a pipe's read end), or a read from one opened
    /// write-only (or the write end), when the mode is known from constant flags. Reported at the read/write.
    /// </summary>
    [Trait("Rule", "FDS0008")]
    public class AccessModeTests
    {
        // ---- open with constant flags ----

        [Fact]
        public Task ReadOnlyThenWrite() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.write(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task MessageNamesModeAndCall() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = Syscall.write(fd, buf, 1);
        Syscall.close(fd);
    }
}", Verify.Diagnostic("FDS0008").WithSpan(10, 18, 10, 43).WithArguments("fd", 8, "opened read-only", "write"));

        [Fact]
        public Task WriteOnlyThenRead() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.read(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ModeFromAVarLocalAFieldOrAConstantMethod() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static readonly OpenFlags ReadFlags = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC;
    static OpenFlags WriteFlags() => OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC;
    static void M(string p, IntPtr buf)
    {
        var flags = OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC;
        int a = Syscall.open(p, flags);
        int b = Syscall.open(p, ReadFlags);
        int c = Syscall.open(p, WriteFlags());
        if (a < 0 || b < 0 || c < 0) return;
        long n = {|FDS0008:Syscall.read(a, buf, 1)|} + {|FDS0008:Syscall.write(b, buf, 1)|} + {|FDS0008:Syscall.read(c, buf, 1)|};
        Syscall.close(a);
        Syscall.close(b);
        Syscall.close(c);
    }
}");

        [Fact]
        public Task ModeFromALocalWrittenTwiceIsNotKnown() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf, bool write)
    {
        var flags = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC;
        if (write) flags = OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC;
        int a = Syscall.open(p, flags);
        if (a < 0) return;
        long n = Syscall.write(a, buf, 1);
        Syscall.close(a);
    }
}");

        [Fact]
        public Task WriteOnlyAppendThenPread() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.pread(fd, buf, 1, 0)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ReadOnlyThenPwrite() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.pwrite(fd, buf, 1, 0)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ReadWriteBothIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = Syscall.read(fd, buf, 1);
        n = Syscall.write(fd, buf, 1);
        n = Syscall.pread(fd, buf, 1, 0);
        n = Syscall.pwrite(fd, buf, 1, 0);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ReadOnlyReadAndWriteOnlyWriteAreClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string src, string dst, IntPtr buf)
    {
        int input = Syscall.open(src, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (input < 0) return;
        int output = Syscall.open(dst, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (output < 0) { Syscall.close(input); return; }
        long n = Syscall.read(input, buf, 1);
        n = Syscall.write(output, buf, (ulong)n);
        Syscall.fstat(output, out Stat st);
        Syscall.fsync(output);
        Syscall.lseek(input, 0, SeekFlags.SEEK_SET);
        Syscall.close(input);
        Syscall.close(output);
    }
}");

        [Fact]
        public Task FlagsFromParameterAreUnknown() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, OpenFlags flags, IntPtr buf)
    {
        int fd = Syscall.open(p, flags);
        if (fd < 0) return;
        long n = Syscall.read(fd, buf, 1);
        n = Syscall.write(fd, buf, 1);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FlagsFromConstantAreKnown() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    const OpenFlags ReadFlags = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC;

    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, ReadFlags);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.write(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task WriteThroughACopyOfReadOnly() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        int g = fd;
        long n = {|FDS0008:Syscall.write(g, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ReadOnlyOnOnePathThenWrite() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, bool readOnly, IntPtr buf)
    {
        int fd = readOnly
            ? Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)
            : Syscall.open(p, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.write(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ReassignedToReadWriteThenWriteIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.close(fd);
        fd = Syscall.open(p, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = Syscall.write(fd, buf, 1);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task CreatIsWriteOnly() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.creat(p, FilePermissions.DEFFILEMODE);
        if (fd < 0) return;
        long n = Syscall.write(fd, buf, 1);
        n = {|FDS0008:Syscall.read(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task OpenatWriteOnlyThenRead() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(int dir, string name, IntPtr buf)
    {
        int fd = Syscall.openat(dir, name, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.read(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task SocketModeIsUnknown() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        int s = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0);
        if (s < 0) return;
        long n = Syscall.read(s, buf, 1);
        n = Syscall.write(s, buf, 1);
        Syscall.close(s);
    }
}");

        [Fact]
        public Task DllImportOpenWithConstantReadOnlyFlagsThenWrite() => Verify.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
class C
{
    [DllImport(""libc"", SetLastError = true)]
    static extern int open(string path, int flags);
    [DllImport(""libc"", SetLastError = true)]
    static extern nint write(int fd, IntPtr buf, nint count);
    [DllImport(""libc"", SetLastError = true)]
    static extern int close(int fd);

    static void M(string p, IntPtr buf)
    {
        int fd = open(p, 0x80000);
        if (fd < 0) return;
        nint n = {|FDS0008:write(fd, buf, 1)|};
        close(fd);
    }
}");

        // ---- dup keeps the mode ----

        [Fact]
        public Task DupOfReadOnlyThenWrite() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        int copy = Syscall.dup(fd);
        if (copy < 0) { Syscall.close(fd); return; }
        long n = {|FDS0008:Syscall.write(copy, buf, 1)|};
        Syscall.close(copy);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task DupOfReadOnlyThenReadIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        int copy = Syscall.dup(fd);
        if (copy < 0) { Syscall.close(fd); return; }
        long n = Syscall.read(copy, buf, 1);
        Syscall.close(copy);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FcntlDupfdOfWriteOnlyThenRead() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        int copy = Syscall.fcntl(fd, FcntlCommand.F_DUPFD, 3);
        if (copy < 0) { Syscall.close(fd); return; }
        long n = {|FDS0008:Syscall.read(copy, buf, 1)|};
        Syscall.close(copy);
        Syscall.close(fd);
    }
}");

        // ---- pipes ----

        [Fact]
        public Task PipeArrayWrongEnds() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        int[] fds = new int[2];
        if (Syscall.pipe(fds) < 0) return;
        long n = {|FDS0008:Syscall.write(fds[0], buf, 1)|};
        n = {|FDS0008:Syscall.read(fds[1], buf, 1)|};
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
    }
}");

        [Fact]
        public Task MessageNamesPipeEnd() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        int[] fds = new int[2];
        if (Syscall.pipe(fds) < 0) return;
        long n = Syscall.write(fds[0], buf, 1);
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
    }
}", Verify.Diagnostic("FDS0008").WithSpan(10, 18, 10, 47).WithArguments("fds[0]", 9, "the read end of a pipe", "write"));

        [Fact]
        public Task PipeArrayRightEndsIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        int[] fds = new int[2];
        if (Syscall.pipe(fds) < 0) return;
        long n = Syscall.write(fds[1], buf, 1);
        n = Syscall.read(fds[0], buf, 1);
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
    }
}");

        [Fact]
        public Task PipeEndsCopiedToLocalsWrongEnds() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        int[] fds = new int[2];
        if (Syscall.pipe(fds) < 0) return;
        int reader = fds[0], writer = fds[1];
        long n = {|FDS0008:Syscall.read(writer, buf, 1)|};
        n = Syscall.read(reader, buf, 1);
        Syscall.close(reader);
        Syscall.close(writer);
    }
}");

        [Fact]
        public Task PipeOutArgumentsWrongEnds() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        if (Syscall.pipe(out int r, out int w) < 0) return;
        long n = {|FDS0008:Syscall.write(r, buf, 1)|};
        n = {|FDS0008:Syscall.read(w, buf, 1)|};
        Syscall.close(r);
        Syscall.close(w);
    }
}");

        [Fact]
        public Task PipeOutArgumentsRightEndsIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        if (Syscall.pipe(out int r, out int w) < 0) return;
        long n = Syscall.write(w, buf, 1);
        n = Syscall.read(r, buf, 1);
        Syscall.close(r);
        Syscall.close(w);
    }
}");

        [Fact]
        public Task SocketpairEndsAreBothReadWrite() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        if (Syscall.socketpair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0, out int a, out int b) < 0) return;
        long n = Syscall.write(a, buf, 1);
        n = Syscall.read(a, buf, 1);
        n = Syscall.write(b, buf, 1);
        n = Syscall.read(b, buf, 1);
        Syscall.close(a);
        Syscall.close(b);
    }
}");

        [Fact]
        public Task DupOfPipeReadEndThenWrite() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(IntPtr buf)
    {
        if (Syscall.pipe(out int r, out int w) < 0) return;
        int copy = Syscall.dup(r);
        if (copy >= 0)
        {
            long n = {|FDS0008:Syscall.write(copy, buf, 1)|};
            Syscall.close(copy);
        }
        Syscall.close(r);
        Syscall.close(w);
    }
}");

        // ---- the runtime ----

        [Fact]
        public Task RuntimeOpenReadOnlyThenWrite() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p, byte[] buf)
    {
        using OwnedFd o = Fd.Open(p, OpenFlags.O_RDONLY);
        int n = {|FDS0008:Fd.Write(o, buf)|};
    }
}");

        [Fact]
        public Task RuntimeOpenReadOnlyThenWriteAllAndPWrite() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p, byte[] buf)
    {
        using OwnedFd o = Fd.Open(p, OpenFlags.O_RDONLY);
        {|FDS0008:Fd.WriteAll(o, buf)|};
        int n = {|FDS0008:Fd.PWrite(o, buf, 0)|};
    }
}");

        [Fact]
        public Task RuntimeOpenWriteOnlyThenRead() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static int M(string p, byte[] buf)
    {
        using OwnedFd o = Fd.Open(p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.DEFFILEMODE);
        return {|FDS0008:Fd.Read(o, buf)|} + {|FDS0008:Fd.PRead(o.AsFd(), buf, 0)|};
    }
}");

        [Fact]
        public Task RuntimeOpenReadWriteIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static int M(string p, byte[] buf)
    {
        using OwnedFd o = Fd.Open(p, OpenFlags.O_RDWR);
        Fd.WriteAll(o, buf);
        return Fd.Read(o, buf);
    }
}");

        [Fact]
        public Task RuntimeTryCloneKeepsTheMode() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p, byte[] buf)
    {
        using OwnedFd o = Fd.Open(p, OpenFlags.O_RDONLY);
        using OwnedFd c = o.TryClone();
        {|FDS0008:Fd.WriteAll(c, buf)|};
    }
}");

        [Fact]
        public Task RuntimeDupKeepsTheMode() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p, byte[] buf)
    {
        using OwnedFd o = Fd.Open(p, OpenFlags.O_RDONLY);
        using OwnedFd c = Fd.Dup(o);
        {|FDS0008:Fd.WriteAll(c, buf)|};
    }
}");

        [Fact]
        public Task RuntimePipeDeconstructedWrongEnds() => Verify.VerifyAsync(@"
using FdSafety;
class C
{
    static int M(byte[] buf)
    {
        var (r, w) = Fd.Pipe();
        using (r)
        using (w)
        {
            int n = {|FDS0008:Fd.Write(r, buf)|};
            return n + {|FDS0008:Fd.Read(w, buf)|};
        }
    }
}");

        [Fact]
        public Task RuntimePipeDeconstructedRightEndsIsClean() => Verify.VerifyAsync(@"
using FdSafety;
class C
{
    static int M(byte[] buf)
    {
        var (r, w) = Fd.Pipe();
        using (r)
        using (w)
        {
            Fd.WriteAll(w, buf);
            return Fd.Read(r, buf);
        }
    }
}");

        [Fact]
        public Task RuntimePipeTupleElementsWrongEnds() => Verify.VerifyAsync(@"
using FdSafety;
class C
{
    static int M(byte[] buf)
    {
        var pipe = Fd.Pipe();
        using (pipe.Read)
        using (pipe.Write)
        {
            {|FDS0008:Fd.WriteAll(pipe.Read, buf)|};
            return {|FDS0008:Fd.Read(pipe.Write, buf)|};
        }
    }
}");

        [Fact]
        public Task RuntimePipeTupleElementsRightEndsIsClean() => Verify.VerifyAsync(@"
using FdSafety;
class C
{
    static int M(byte[] buf)
    {
        var pipe = Fd.Pipe();
        using (pipe.Read)
        using (pipe.Write)
        {
            Fd.WriteAll(pipe.Write, buf);
            return Fd.Read(pipe.Read, buf);
        }
    }
}");

        [Fact]
        public Task RuntimeSocketPairEndsAreReadWrite() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static int M(byte[] buf)
    {
        var (a, b) = Fd.SocketPair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0);
        using (a)
        using (b)
        {
            Fd.WriteAll(a, buf);
            Fd.WriteAll(b, buf);
            return Fd.Read(a, buf) + Fd.Read(b, buf);
        }
    }
}");

        // ---- ownership moves keep the mode ----

        [Fact]
        public Task IntoRawFdKeepsTheMode() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Fd.Open(p, OpenFlags.O_RDONLY).IntoRawFd();
        long n = {|FDS0008:Syscall.write(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FromRawFdKeepsTheMode() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p, byte[] buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using OwnedFd o = OwnedFd.FromRawFd(fd);
        {|FDS0008:Fd.WriteAll(o, buf)|};
    }
}");
        [Fact]
        public Task AsRawFdKeepsTheMode() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p, IntPtr buf)
    {
        using OwnedFd o = Fd.Open(p, OpenFlags.O_RDONLY);
        long n = {|FDS0008:Syscall.write(o.AsRawFd(), buf, 1)|};
    }
}");
        // ---- more calls and flag spellings ----

        [Fact]
        public Task VectoredWriteToReadOnlyAndReadFromWriteOnly() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string src, string dst, Iovec[] iov)
    {
        int input = Syscall.open(src, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (input < 0) return;
        int output = Syscall.open(dst, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (output < 0) { Syscall.close(input); return; }
        long n = {|FDS0008:Syscall.writev(input, iov)|};
        n = {|FDS0008:Syscall.readv(output, iov)|};
        n = {|FDS0008:Syscall.pwritev(input, iov, 0)|};
        n = {|FDS0008:Syscall.preadv(output, iov, 0)|};
        n = Syscall.readv(input, iov);
        n = Syscall.writev(output, iov);
        Syscall.close(input);
        Syscall.close(output);
    }
}");

        [Fact]
        public Task FlagsWrittenAsACastConstant() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, (OpenFlags)1);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.read(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ReadOnlyWithCreateIsStillReadOnly() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.write(fd, buf, 1)|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task DllImportPipe2WrongEnds() => Verify.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
class C
{
    [DllImport(""libc"", SetLastError = true)]
    static extern int pipe2(int[] fds, int flags);
    [DllImport(""libc"", SetLastError = true)]
    static extern nint read(int fd, IntPtr buf, nint count);
    [DllImport(""libc"", SetLastError = true)]
    static extern nint write(int fd, IntPtr buf, nint count);
    [DllImport(""libc"", SetLastError = true)]
    static extern int close(int fd);

    static void M(IntPtr buf)
    {
        int[] fds = new int[2];
        if (pipe2(fds, 0x80000) != 0) return;
        nint n = {|FDS0008:write(fds[0], buf, 1)|};
        n = {|FDS0008:read(fds[1], buf, 1)|};
        n = write(fds[1], buf, 1);
        n = read(fds[0], buf, 1);
        close(fds[0]);
        close(fds[1]);
    }
}");

        [Fact]
        public Task DllImportOpenWriteOnlyThenRead() => Verify.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
class C
{
    const int O_WRONLY = 1, O_CREAT = 0x40, O_CLOEXEC = 0x80000;

    [DllImport(""libc"", SetLastError = true)]
    static extern int open(string path, int flags, int mode);
    [DllImport(""libc"", SetLastError = true)]
    static extern nint read(int fd, IntPtr buf, nint count);
    [DllImport(""libc"", SetLastError = true)]
    static extern int close(int fd);

    static void M(string p, IntPtr buf)
    {
        int fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 420);
        if (fd < 0) return;
        nint n = {|FDS0008:read(fd, buf, 1)|};
        close(fd);
    }
}");

        [Fact]
        public Task SocketSendAndRecvOnReadOnlyFile() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        long n = {|FDS0008:Syscall.send(fd, buf, 1, 0)|};
        n = Syscall.recv(fd, buf, 1, 0);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task SendfileAgainstTheModes() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string src, string dst)
    {
        int input = Syscall.open(src, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (input < 0) return;
        int output = Syscall.open(dst, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (output < 0) { Syscall.close(input); return; }
        long offset = 0;
        long n = {|#0:Syscall.sendfile(output, input, ref offset, 4096)|};
        Syscall.close(input);
        Syscall.close(output);
    }
}",
            Verify.Diagnostic("FDS0008").WithLocation(0).WithArguments("input", 7, "opened write-only", "read"),
            Verify.Diagnostic("FDS0008").WithLocation(0).WithArguments("output", 9, "opened read-only", "write"));

        [Fact]
        public Task ClosedThenReopenedReadOnlyInALoop() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string[] paths, IntPtr buf)
    {
        foreach (var p in paths)
        {
            int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) continue;
            long n = Syscall.read(fd, buf, 1);
            if (n > 0) n = {|FDS0008:Syscall.write(fd, buf, (ulong)n)|};
            Syscall.close(fd);
        }
    }
}");
        [Fact]
        public Task SpliceFromThePipeWriteEnd() => Verify.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
using Mono.Unix.Native;
class C
{
    [DllImport(""libc"", SetLastError = true)]
    static extern nint splice(int fd_in, IntPtr off_in, int fd_out, IntPtr off_out, nint len, uint flags);

    static void M(string p)
    {
        int file = Syscall.open(p, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (file < 0) return;
        int[] fds = new int[2];
        if (Syscall.pipe(fds) < 0) { Syscall.close(file); return; }
        nint n = {|FDS0008:splice(fds[1], IntPtr.Zero, file, IntPtr.Zero, 4096, 0)|};
        n = splice(fds[0], IntPtr.Zero, file, IntPtr.Zero, 4096, 0);
        n = splice(file, IntPtr.Zero, fds[1], IntPtr.Zero, 4096, 0);
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
        Syscall.close(file);
    }
}");

        [Fact]
        public Task CopyFileRangeIntoReadOnly() => Verify.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
using Mono.Unix.Native;
class C
{
    [DllImport(""libc"", SetLastError = true)]
    static extern nint copy_file_range(int fd_in, IntPtr off_in, int fd_out, IntPtr off_out, nint len, uint flags);

    static void M(string src, string dst)
    {
        int input = Syscall.open(src, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (input < 0) return;
        int output = Syscall.open(dst, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (output < 0) { Syscall.close(input); return; }
        nint n = {|FDS0008:copy_file_range(input, IntPtr.Zero, output, IntPtr.Zero, 4096, 0)|};
        Syscall.close(input);
        Syscall.close(output);
    }
}");

        [Fact]
        public Task SendfileWithTheRightModesIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string src, string dst)
    {
        int input = Syscall.open(src, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (input < 0) return;
        int output = Syscall.open(dst, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (output < 0) { Syscall.close(input); return; }
        long offset = 0;
        long n = Syscall.sendfile(output, input, ref offset, 4096);
        Syscall.close(input);
        Syscall.close(output);
    }
}");
    }
}
