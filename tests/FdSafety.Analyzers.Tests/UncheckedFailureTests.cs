using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.UncheckedFailureAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// FDS0005: a value from an acquiring call that returns -1 on failure, used before a check that
    /// leaves the method (or guards the use) on failure. Reported at the argument of the use.
    /// </summary>
    [Trait("Rule", "FDS0005")]
    public class UncheckedFailureTests
    {
        // ---- unchecked uses of each acquiring call ----

        [Fact]
        public Task OpenThenFsyncUnchecked() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task OpenThenReadUnchecked() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        long n = Syscall.read({|FDS0005:fd|}, buf, 16);
        Syscall.close(fd);
        return n;
    }
}");

        [Fact]
        public Task OpenThenWriteUnchecked() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);
        long n = Syscall.write({|FDS0005:fd|}, buf, 16);
        Syscall.close(fd);
        return n;
    }
}");

        [Fact]
        public Task OpenThenFstatUnchecked() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static long M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fstat({|FDS0005:fd|}, out Stat st);
        Syscall.close(fd);
        return st.st_size;
    }
}");

        [Fact]
        public Task OpenThenLseekUnchecked() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static long M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        long end = Syscall.lseek({|FDS0005:fd|}, 0, SeekFlags.SEEK_END);
        Syscall.close(fd);
        return end;
    }
}");

        [Fact]
        public Task OpenUsedDirectlyAsArgumentIsReportedAtTheCall() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        Syscall.fsync({|FDS0005:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|});
    }
}");

        [Fact]
        public Task SocketThenListenUnchecked() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        int s = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0);
        Syscall.listen({|FDS0005:s|}, 5);
        Syscall.close(s);
    }
}");

        [Fact]
        public Task DupOfCheckedDescriptorUnchecked() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        int copy = Syscall.dup(fd);
        Syscall.fsync({|FDS0005:copy|});
        Syscall.close(copy);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task DupOfUncheckedIsReportedAtDupArgumentAndAgainAtUseOfCopy() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        int copy = Syscall.dup({|FDS0005:fd|});
        Syscall.fsync({|FDS0005:copy|});
        Syscall.close(copy);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task AcceptThenRecvUnchecked() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(int listener, IntPtr buf)
    {
        int conn = Syscall.accept4(listener, null, UnixSocketFlags.SOCK_CLOEXEC);
        long n = Syscall.recv({|FDS0005:conn|}, buf, 16, 0);
        Syscall.close(conn);
        return n;
    }
}");

        [Fact]
        public Task PlainAcceptThenSendUnchecked() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(int listener, IntPtr buf)
    {
        int conn = Syscall.accept(listener, null);
        long n = Syscall.send({|FDS0005:conn|}, buf, 16, 0);
        Syscall.close(conn);
        return n;
    }
}");

        [Fact]
        public Task MessageNamesVariableAndAcquisitionLine() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}", Verify.Diagnostic("FDS0005").WithSpan(8, 23, 8, 25).WithArguments("fd", 7));

        [Fact]
        public Task OnlyFirstUnguardedUseIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        // ---- checks that do not leave ----

        [Fact]
        public Task CheckThatOnlyLogsIsReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) Console.WriteLine(""open failed"");
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task UseOnTheFailureBranchIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd == -1)
        {
            Syscall.fsync({|FDS0005:fd|});
            return;
        }
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task CheckOfAnUnrelatedConstantDoesNotCount() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd == 3) return;
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task CheckThatLetsMinusOneThroughDoesNotCount() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < -1) return;
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task CheckOfAnotherDescriptorDoesNotCount() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, string q)
    {
        int a = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        int b = Syscall.open(q, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (a < 0) return;
        Syscall.fsync(a);
        Syscall.fsync({|FDS0005:b|});
        Syscall.close(a);
        Syscall.close(b);
    }
}");

        [Fact]
        public Task CheckBeforeReassignmentDoesNotCoverTheNewValue() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, string q)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.close(fd);
        fd = Syscall.open(q, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task UseAfterSuccessBranchJoinsIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd >= 0)
        {
            Syscall.fsync(fd);
        }
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        // ---- checks that leave: every form is clean ----

        [Theory]
        [InlineData("fd < 0")]
        [InlineData("fd == -1")]
        [InlineData("-1 == fd")]
        [InlineData("0 > fd")]
        [InlineData("fd <= -1")]
        [InlineData("fd is -1")]
        [InlineData("fd is < 0")]
        [InlineData("!(fd >= 0)")]
        [InlineData("fd is not >= 0")]
        [InlineData("(fd) < (0)")]
        public Task FailureCheckThatReturnsIsClean(string condition) => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (" + condition + @") return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Theory]
        [InlineData("fd >= 0")]
        [InlineData("fd != -1")]
        [InlineData("-1 != fd")]
        [InlineData("fd > -1")]
        [InlineData("0 <= fd")]
        [InlineData("fd is >= 0")]
        [InlineData("fd is not -1")]
        public Task UseInsideSuccessBranchIsClean(string condition) => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (" + condition + @")
        {
            Syscall.fsync(fd);
            Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task UseInElseOfFailureCheckIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            Console.WriteLine(""open failed"");
        }
        else
        {
            Syscall.fsync(fd);
            Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task CheckHeldInBoolIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        bool ok = fd >= 0;
        if (!ok) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task CheckHeldInBoolUsedUnderItIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        bool failed = fd == -1;
        if (failed) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task BoolCheckThatDoesNotLeaveIsReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        bool ok = fd >= 0;
        if (!ok) Console.WriteLine(""failed"");
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task StaleBoolCheckDoesNotCoverANewValue() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, string q)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        bool ok = fd >= 0;
        fd = Syscall.open(q, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (!ok) return;
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FailureCheckThatThrowsIsClean() => Verify.VerifyAsync(@"
using System.IO;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new IOException(""open failed: "" + Stdlib.GetLastError());
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FailureCheckThatThrowsRuntimeExceptionIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd == -1) throw new PosixException(Stdlib.GetLastError(), ""open"", p);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FailureCheckInLoopWithContinueIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string[] paths)
    {
        foreach (var p in paths)
        {
            int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) continue;
            Syscall.fsync(fd);
            Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task CheckThroughACopyIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        int g = fd;
        if (g < 0) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task UseThroughACopyUncheckedIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        int g = fd;
        Syscall.fsync({|FDS0005:g|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task UseAfterAnEarlierUseIsNotACheck() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (Syscall.fsync({|FDS0005:fd|}) < 0) return;
        Syscall.close(fd);
    }
}");

        // ---- pipe ----

        [Fact]
        public Task PipeArrayCheckedIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        int[] fds = new int[2];
        if (Syscall.pipe(fds) < 0) return -1;
        long n = Syscall.write(fds[1], buf, 1);
        n += Syscall.read(fds[0], buf, 1);
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
        return n;
    }
}");

        [Fact]
        public Task PipeArrayStatusInLocalCheckedIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        var fds = new int[2];
        int rc = Syscall.pipe(fds);
        if (rc != 0) return -1;
        long n = Syscall.read(fds[0], buf, 1);
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
        return n;
    }
}");

        [Fact]
        public Task PipeArrayUncheckedIsReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        int[] fds = new int[2];
        Syscall.pipe(fds);
        long n = Syscall.read({|FDS0005:fds[0]|}, buf, 1);
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
        return n;
    }
}");

        [Fact]
        public Task PipeArrayCheckThatDoesNotLeaveIsReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        int[] fds = new int[2];
        if (Syscall.pipe(fds) < 0) Console.WriteLine(""pipe failed"");
        long n = Syscall.write({|FDS0005:fds[1]|}, buf, 1);
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
        return n;
    }
}");

        [Fact]
        public Task PipeOutArgumentsCheckedIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        if (Syscall.pipe(out int r, out int w) != 0) return -1;
        long n = Syscall.write(w, buf, 1);
        Syscall.close(r);
        Syscall.close(w);
        return n;
    }
}");

        [Fact]
        public Task PipeOutArgumentsUncheckedIsReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        Syscall.pipe(out int r, out int w);
        long n = Syscall.write({|FDS0005:w|}, buf, 1);
        Syscall.close(r);
        Syscall.close(w);
        return n;
    }
}");

        [Fact]
        public Task SocketpairCheckedIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        if (Syscall.socketpair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0, out int a, out int b) < 0) return;
        Syscall.shutdown(a, ShutdownOption.SHUT_WR);
        Syscall.close(a);
        Syscall.close(b);
    }
}");

        [Fact]
        public Task SocketpairUncheckedIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        Syscall.socketpair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0, out int a, out int b);
        Syscall.shutdown({|FDS0005:a|}, ShutdownOption.SHUT_WR);
        Syscall.close(a);
        Syscall.close(b);
    }
}");

        // ---- values that cannot be -1 ----

        [Fact]
        public Task OwnedFdFromRuntimeIsNeverReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
using FdSafety;
class C
{
    static int M(string p, byte[] buf)
    {
        using OwnedFd fd = Fd.Open(p, OpenFlags.O_RDONLY);
        Fd.Fsync(fd);
        Syscall.fsync(fd.AsRawFd());
        return Fd.Read(fd, buf);
    }
}");

        [Fact]
        public Task RuntimePipeEndsAreNeverReported() => Verify.VerifyAsync(@"
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
        public Task ParameterIsNotReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(int fd, IntPtr buf)
    {
        Syscall.fsync(fd);
        return Syscall.read(fd, buf, 16);
    }
}");

        [Fact]
        public Task StandardStreamConstantIsNotReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        return Syscall.write(1, buf, 16);
    }
}");

        [Fact]
        public Task CloseOfUncheckedValueIsNotAUse() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task IntoRawFdIsNeverMinusOne() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        int fd = Fd.Open(p, OpenFlags.O_RDONLY).IntoRawFd();
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        // ---- other bindings ----

        [Fact]
        public Task DllImportLibcOpenUncheckedIsReported() => Verify.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
class C
{
    [DllImport(""libc"", SetLastError = true)]
    static extern int open(string path, int flags);
    [DllImport(""libc"", SetLastError = true)]
    static extern nint read(int fd, IntPtr buf, nint count);
    [DllImport(""libc"", SetLastError = true)]
    static extern int close(int fd);

    static long M(string p, IntPtr buf)
    {
        int fd = open(p, 0x80000);
        long n = read({|FDS0005:fd|}, buf, 16);
        close(fd);
        return n;
    }
}");

        [Fact]
        public Task DllImportLibcOpenCheckedIsClean() => Verify.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
class C
{
    [DllImport(""libc"", SetLastError = true)]
    static extern int open(string path, int flags);
    [DllImport(""libc"", SetLastError = true)]
    static extern nint read(int fd, IntPtr buf, nint count);
    [DllImport(""libc"", SetLastError = true)]
    static extern int close(int fd);

    static long M(string p, IntPtr buf)
    {
        int fd = open(p, 0x80000);
        if (fd == -1) return -1;
        long n = read(fd, buf, 16);
        close(fd);
        return n;
    }
}");

        [Fact]
        public Task DllImportWithEntryPointIsKnownByEntryPoint() => Verify.VerifyAsync(@"
using System.Runtime.InteropServices;
class C
{
    [DllImport(""libc.so.6"", EntryPoint = ""open"", SetLastError = true)]
    static extern int OpenFile(string path, int flags);
    [DllImport(""libc.so.6"", EntryPoint = ""fsync"", SetLastError = true)]
    static extern int Sync(int fd);
    [DllImport(""libc.so.6"", EntryPoint = ""close"")]
    static extern int CloseFile(int fd);

    static void M(string p)
    {
        int fd = OpenFile(p, 0x80000);
        Sync({|FDS0005:fd|});
        CloseFile(fd);
    }
}");

        [Fact]
        public Task DllImportOfAnotherLibraryIsNotKnown() => Verify.VerifyAsync(@"
using System.Runtime.InteropServices;
class C
{
    [DllImport(""mylib"")]
    static extern int open(string path, int flags);
    [DllImport(""mylib"")]
    static extern int fsync(int fd);

    static void M(string p)
    {
        int fd = open(p, 0);
        fsync(fd);
    }
}");

        [Fact]
        public Task AttributedHelperReturningRawDescriptorUncheckedIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    [AcquiresFd]
    static int OpenIt(string p) => Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);

    static void M(string p)
    {
        int fd = OpenIt(p);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");
        // ---- check shapes beyond the simple if ----

        [Fact]
        public Task AssignmentInsideConditionIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd;
        if ((fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)) < 0) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ShortCircuitOrCheckIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, bool quit)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (quit || fd < 0) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ShortCircuitAndCheckThatMayNotLeaveIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, bool quit)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0 && quit) return;
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task RetryLoopUntilSuccessIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd;
        while (true)
        {
            fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd >= 0) break;
        }
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FallbackOpenCheckedOnceAtTheEndIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, string fallback)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) fd = Syscall.open(fallback, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FallbackOpenNotCheckedIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, string fallback)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) fd = Syscall.open(fallback, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task SwitchCaseMinusOneReturningIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        switch (fd)
        {
            case -1:
                return;
        }
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task CheckInsideTryWithFinallyIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        try
        {
            if (fd < 0) return;
            Syscall.fsync(fd);
        }
        finally
        {
            if (fd >= 0) Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task UncheckedUseInsideTryIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        try
        {
            Syscall.fsync({|FDS0005:fd|});
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task LongLocalCheckedIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        long fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.fsync((int)fd);
        Syscall.close((int)fd);
    }
}");

        [Fact]
        public Task ConditionalExpressionUseOnFailureSideIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        int r = fd < 0 ? Syscall.fsync({|FDS0005:fd|}) : Syscall.close(fd);
        return r;
    }
}");

        [Fact]
        public Task ConditionalExpressionUseOnSuccessSideIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        int r = fd >= 0 ? Syscall.fsync(fd) : -1;
        if (fd >= 0) Syscall.close(fd);
        return r;
    }
}");
        [Fact]
        public Task RetryForeverLoopUntilSuccessIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd;
        for (;;)
        {
            fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd >= 0) break;
        }
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task DoWhileRetryUntilSuccessIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd;
        do
        {
            fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        }
        while (fd < 0);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");
        // ---- other uses and non-uses ----

        [Fact]
        public Task UncheckedGivenToAnOwnerIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static OwnedFd M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return OwnedFd.FromRawFd({|FDS0005:fd|});
    }
}");

        [Fact]
        public Task UncheckedGivenToUnixStreamIsReported() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
class C
{
    static UnixStream M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return new UnixStream({|FDS0005:fd|}, true);
    }
}");

        [Fact]
        public Task UncheckedGivenToBorrowsFdParameterIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void Sync([BorrowsFd] int fd) => Syscall.fsync(fd);

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Sync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task UncheckedGivenToAHelperThatUsesItIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void Sync(int fd)
    {
        Syscall.fsync(fd);
    }

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Sync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task UncheckedDup2SourceIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        Syscall.dup2({|FDS0005:fd|}, 1);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ReturningOrStoringUncheckedIsNotAUse() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int _kept;

    static int Open(string p) => Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);

    static void Keep(string p)
    {
        _kept = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
    }
}");

        [Fact]
        public Task EqualityWithAValidNumberProvesSuccess() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd == 5) Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ElseOfPositiveTestMayStillBeMinusOne() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd > 0) Syscall.fsync(fd);
        else Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task UseGuardedByShortCircuitAndIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static bool M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        bool ok = fd >= 0 && Syscall.fsync(fd) == 0;
        if (fd >= 0) Syscall.close(fd);
        return ok;
    }
}");

        [Fact]
        public Task UseGuardedByShortCircuitOrIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0 || Syscall.fsync(fd) < 0) return;
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task UseOnWrongSideOfShortCircuitIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0 && Syscall.fsync({|FDS0005:fd|}) < 0) return;
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task GotoCleanupOnFailureIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p)
    {
        int rc = -1;
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) goto done;
        rc = Syscall.fsync(fd);
        Syscall.close(fd);
    done:
        return rc;
    }
}");

        [Fact]
        public Task AssignmentInsideWhileConditionRetryIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd;
        while ((fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)) == -1)
        {
            if (Stdlib.GetLastError() != Errno.EINTR) return;
        }
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task DeadBranchOfConstantConditionIsNotReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    const bool Paranoid = false;

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (Paranoid) fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");
        // ---- Try-methods and statuses kept in variables ----

        [Fact]
        public Task TryMethodResultNotTestedIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static bool TryOpen(string p, [AcquiresFd] out int fd)
    {
        fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }

    static void M(string p)
    {
        TryOpen(p, out int fd);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task TryMethodSuccessBranchIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static bool TryOpen(string p, [AcquiresFd] out int fd)
    {
        fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }

    static void M(string p)
    {
        if (TryOpen(p, out int fd))
        {
            Syscall.fsync(fd);
            Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task TryMethodFailureBranchIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static bool TryOpen(string p, [AcquiresFd] out int fd)
    {
        fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }

    static void M(string p)
    {
        if (!TryOpen(p, out int fd))
        {
            Syscall.fsync({|FDS0005:fd|});
            return;
        }
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task TryMethodResultHeldInBoolIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static bool TryOpen(string p, [AcquiresFd] out int fd)
    {
        fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }

    static void M(string p)
    {
        bool opened = TryOpen(p, out int fd);
        if (!opened) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task PipeStatusHeldInBoolIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        int[] fds = new int[2];
        bool ok = Syscall.pipe(fds) == 0;
        if (!ok) return -1;
        long n = Syscall.read(fds[0], buf, 1);
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
        return n;
    }
}");

        [Fact]
        public Task PipeStatusThrowOnFailureIsClean() => Verify.VerifyAsync(@"
using System;
using System.IO;
using Mono.Unix.Native;
class C
{
    static long M(IntPtr buf)
    {
        if (Syscall.pipe(out int r, out int w) == -1) throw new IOException(""pipe"");
        long n = Syscall.write(w, buf, 1);
        Syscall.close(r);
        Syscall.close(w);
        return n;
    }
}");

        [Fact]
        public Task BoundedRetryCheckedAfterTheLoopIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = -1;
        for (int i = 0; i < 3 && fd < 0; i++)
        {
            fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        }
        if (fd < 0) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task BoundedRetryNotCheckedAfterTheLoopIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = -1;
        for (int i = 0; i < 3 && fd < 0; i++)
        {
            fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        }
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");
        // ---- helpers that do not return ----

        [Fact]
        public Task FailureBranchEndingInDoesNotReturnHelperIsClean() => Verify.VerifyAsync(@"
using System.Diagnostics.CodeAnalysis;
using System.IO;
using Mono.Unix.Native;
class C
{
    [DoesNotReturn]
    static void Fail(string what) => throw new IOException(what);

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) Fail(""open "" + p);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FailureBranchEndingInEnvironmentExitIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) Environment.Exit(1);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ThrowIfNegativeIsACheck() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");
        [Fact]
        public Task LoggingTheNumberIsNotACheck() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Console.WriteLine($""opened {p} as {fd}"");
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task LookingTheNumberUpInACollectionIsNotACheck() => Verify.VerifyAsync(@"
using System.Collections.Generic;
using Mono.Unix.Native;
class C
{
    static void M(string p, List<int> known)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (known.Contains(fd)) return;
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");
        [Fact]
        public Task ThrowIfNegativeOfAnotherValueIsNotACheck() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(string p, int count)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}");
    }
}
