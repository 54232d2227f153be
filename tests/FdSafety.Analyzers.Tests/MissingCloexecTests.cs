using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.MissingCloexecAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    [Trait("Rule", "FDS0007")]
    public class MissingCloexecTests
    {
        /// <summary>libc bindings declared the [DllImport] way, with Linux's integer flags.</summary>
        private const string Native = @"
static class Native
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_CREAT = 0x40, O_CLOEXEC = 0x80000;
    public const int SOCK_STREAM = 1, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int F_DUPFD = 0, F_GETFD = 1, F_DUPFD_CLOEXEC = 1030;

    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int open(string path, int flags, int mode);
    [System.Runtime.InteropServices.DllImport(""libc"", EntryPoint = ""open"", SetLastError = true)]
    public static extern int OpenFile(string path, int flags, int mode);
    [System.Runtime.InteropServices.DllImport(""libfoo"", SetLastError = true)]
    public static extern int foo_open(string path, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int pipe(int[] fds);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int pipe2(int[] fds, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int dup3(int oldfd, int newfd, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int fcntl(int fd, int cmd, int arg);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int socket(int domain, int type, int protocol);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int accept4(int fd, System.IntPtr addr, System.IntPtr len, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int epoll_create(int size);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int epoll_create1(int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int eventfd(uint initval, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int memfd_create(string name, uint flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int mkostemp(byte[] template, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int inotify_init();
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int inotify_init1(int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int timerfd_create(int clockid, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int signalfd(int fd, System.IntPtr mask, int flags);
}";

        // ---- open through Mono.Posix ----

        [Fact]
        public Task MonoOpenWithoutCloexecIsReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p) => {|#0:Syscall.open(p, OpenFlags.O_RDONLY)|};
}", Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("open", "add O_CLOEXEC to its flags"));

        [Fact]
        public Task MonoOpenWithCloexecIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p) => Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
    static int N(string p) => Syscall.open(p, OpenFlags.O_CLOEXEC | OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.S_IRUSR);
}");

        [Fact]
        public Task FlagsFromAStaticReadonlyFieldOrAConstantMethodAreJudged() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static readonly OpenFlags Plain = OpenFlags.O_RDONLY;
    static readonly OpenFlags Safe = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC;
    static OpenFlags PlainFlags() => OpenFlags.O_WRONLY | OpenFlags.O_CREAT;
    static OpenFlags SafeFlags() { return OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC; }
    static OpenFlags Indirect() => Plain;
    static int A(string p) => {|#0:Syscall.open(p, Plain)|};
    static int B(string p) => Syscall.open(p, Safe);
    static int D(string p) => {|#1:Syscall.open(p, PlainFlags())|};
    static int E(string p) => Syscall.open(p, SafeFlags());
    static int F(string p) => {|#2:Syscall.open(p, Indirect() | OpenFlags.O_NONBLOCK)|};
}", Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("open", "add O_CLOEXEC to its flags"),
    Verify.Diagnostic("FDS0007").WithLocation(1).WithArguments("open", "add O_CLOEXEC to its flags"),
    Verify.Diagnostic("FDS0007").WithLocation(2).WithArguments("open", "add O_CLOEXEC to its flags"));

        [Fact]
        public Task FlagsThatMayChangeOrDependOnArgumentsAreNotJudged() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static readonly OpenFlags SetLater = OpenFlags.O_RDONLY;
    static OpenFlags Mutable = OpenFlags.O_RDONLY;
    static readonly OpenFlags NoInitializer;
    static C() { SetLater = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC; NoInitializer = OpenFlags.O_CLOEXEC; }
    static OpenFlags Chosen(bool b) => b ? OpenFlags.O_RDONLY : OpenFlags.O_CLOEXEC;
    static OpenFlags Branchy() { if (Mutable == 0) return OpenFlags.O_RDONLY; return OpenFlags.O_CLOEXEC; }
    virtual protected OpenFlags Overridable() => OpenFlags.O_RDONLY;
    static int A(string p) => Syscall.open(p, SetLater);
    static int B(string p) => Syscall.open(p, Mutable);
    static int D(string p) => Syscall.open(p, NoInitializer);
    static int E(string p) => Syscall.open(p, Chosen(true));
    static int F(string p) => Syscall.open(p, Branchy());
    int G(string p) => Syscall.open(p, Overridable());
}");

        [Fact]
        public Task MonoOpenWithModeAndOpenAtAreReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p) => {|FDS0007:Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.S_IRUSR)|};
    static int N(int dir, string p) => {|FDS0007:Syscall.openat(dir, p, OpenFlags.O_RDONLY)|};
    static int O(int dir, string p) => Syscall.openat(dir, p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
}");

        [Fact]
        public Task CreatIsAlwaysReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p) => {|#0:Syscall.creat(p, FilePermissions.S_IRUSR)|};
}", Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("creat", "use open with O_CREAT|O_WRONLY|O_TRUNC|O_CLOEXEC"));

        [Fact]
        public Task UnknownFlagsAreNotReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static OpenFlags s_flags = OpenFlags.O_RDONLY;
    static int M(string p, OpenFlags flags) => Syscall.open(p, flags);
    static int N(string p) => Syscall.open(p, s_flags);
    static int O(string p, OpenFlags extra) => Syscall.open(p, OpenFlags.O_RDONLY | extra);
}");

        [Fact]
        public Task ConditionalFlagsAreReportedOnlyWhenNeitherBranchHasCloexec() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p, bool w) => {|FDS0007:Syscall.open(p, w ? OpenFlags.O_WRONLY : OpenFlags.O_RDONLY)|};
    static int N(string p, bool w) => Syscall.open(p, (w ? OpenFlags.O_WRONLY : OpenFlags.O_RDONLY) | OpenFlags.O_CLOEXEC);
    static int O(string p, bool w) => Syscall.open(p, w ? OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC : OpenFlags.O_RDONLY);
}");

        [Fact]
        public Task FlagsMaskedWithoutCloexecAreReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p, OpenFlags extra) => {|FDS0007:Syscall.open(p, extra & ~OpenFlags.O_CLOEXEC)|};
    static int N(string p, int flags) => {|FDS0007:Native.open(p, (flags & 3) | Native.O_CREAT, 420)|};
    static int O(string p, int flags) => Native.open(p, flags & ~Native.O_CREAT, 420);
}" + Native);

        // ---- flags built up in a local ----

        [Fact]
        public Task FlagsBuiltInALocalWithoutCloexecAreReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p, bool create, bool append)
    {
        var flags = OpenFlags.O_WRONLY;
        if (create) flags |= OpenFlags.O_CREAT;
        if (append) flags = flags | OpenFlags.O_APPEND;
        else flags &= ~OpenFlags.O_APPEND;
        return {|FDS0007:Syscall.open(p, flags, FilePermissions.S_IRUSR)|};
    }
}");

        [Fact]
        public Task FlagsBuiltInALocalWithCloexecAreClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p, bool create)
    {
        var flags = OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC;
        if (create) flags |= OpenFlags.O_CREAT;
        return Syscall.open(p, flags, FilePermissions.S_IRUSR);
    }

    static int N(string p, bool create)
    {
        var flags = OpenFlags.O_WRONLY;
        if (create) flags |= OpenFlags.O_CREAT;
        return Syscall.open(p, flags | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR);
    }
}");

        /// <summary>CLOEXEC on some paths only: the rule does not guess which paths run, and stays silent.</summary>
        [Fact]
        public Task CloexecAddedOnSomePathIsNotReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p, bool secret)
    {
        var flags = OpenFlags.O_RDONLY;
        if (secret) flags |= OpenFlags.O_CLOEXEC;
        return Syscall.open(p, flags);
    }

    static int N(string p, bool secret)
    {
        OpenFlags flags;
        if (secret) flags = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC;
        else flags = OpenFlags.O_RDONLY;
        return Syscall.open(p, flags);
    }
}");

        [Fact]
        public Task LocalsWrittenInWaysNotFollowedAreNotReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void Set(ref OpenFlags f) => f |= OpenFlags.O_CLOEXEC;
    static void Get(out OpenFlags f) => f = OpenFlags.O_CLOEXEC;

    static int ByRef(string p)
    {
        var flags = OpenFlags.O_RDONLY;
        Set(ref flags);
        return Syscall.open(p, flags);
    }

    static int ByOut(string p)
    {
        Get(out var flags);
        return Syscall.open(p, flags);
    }

    static int FromParameter(string p, OpenFlags extra)
    {
        var flags = OpenFlags.O_RDONLY;
        flags |= extra;
        return Syscall.open(p, flags);
    }

    static int InALambda(string p)
    {
        var flags = OpenFlags.O_RDONLY;
        Action secret = () => flags |= OpenFlags.O_CLOEXEC;
        secret();
        return Syscall.open(p, flags);
    }

    static int ThroughARefLocal(string p)
    {
        var flags = OpenFlags.O_RDONLY;
        ref var alias = ref flags;
        alias |= OpenFlags.O_CLOEXEC;
        return Syscall.open(p, flags);
    }

    static int Deconstructed(string p)
    {
        var flags = OpenFlags.O_RDONLY;
        int n;
        (flags, n) = (OpenFlags.O_CLOEXEC, 1);
        return Syscall.open(p, flags) + n;
    }

    static int Loop(string p, OpenFlags[] all)
    {
        int r = 0;
        foreach (var flags in all) r += Syscall.open(p, flags);
        return r;
    }
}");

        [Fact]
        public Task FlagsCopiedBetweenLocalsAreFollowed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p, bool create)
    {
        var mode = OpenFlags.O_WRONLY;
        var flags = mode;
        if (create) flags = flags | OpenFlags.O_CREAT;
        return {|FDS0007:Syscall.open(p, flags)|};
    }

    static int Cycle(string p, int n)
    {
        var a = OpenFlags.O_RDONLY;
        var b = a;
        for (int i = 0; i < n; i++) { a = b | OpenFlags.O_CREAT; b = a; }
        return {|FDS0007:Syscall.open(p, b)|};
    }

    static int N(string p)
    {
        var cloexec = OpenFlags.O_CLOEXEC;
        var flags = OpenFlags.O_WRONLY | cloexec;
        return Syscall.open(p, flags);
    }
}");

        // ---- [DllImport] / [LibraryImport] bindings with int flags ----

        [Fact]
        public Task DllImportOpenWithIntFlags() => Verify.VerifyAsync(@"
class C
{
    static int A(string p) => {|FDS0007:Native.open(p, 0, 0)|};
    static int B(string p) => {|FDS0007:Native.open(p, Native.O_WRONLY | Native.O_CREAT, 420)|};
    static int D(string p) => Native.open(p, 0 | 0x80000, 0);
    static int E(string p) => Native.open(p, 524288, 0);
    static int F(string p) => Native.open(p, Native.O_RDONLY | Native.O_CLOEXEC, 0);
    const int ReadCloexec = Native.O_RDONLY | Native.O_CLOEXEC;
    static int G(string p) => Native.open(p, ReadCloexec, 0);
    static int H(string p)
    {
        int flags = Native.O_WRONLY;
        flags |= Native.O_CREAT;
        return {|FDS0007:Native.open(p, flags, 420)|};
    }
}" + Native);

        [Fact]
        public Task DllImportWithEntryPointIsKnownByItsEntryPoint() => Verify.VerifyAsync(@"
class C
{
    static int A(string p) => {|#0:Native.OpenFile(p, Native.O_RDONLY, 0)|};
    static int B(string p) => Native.OpenFile(p, Native.O_RDONLY | Native.O_CLOEXEC, 0);
}" + Native, Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("OpenFile (open)", "add O_CLOEXEC to its flags"));

        [Fact]
        public Task LibraryImportIsKnown() => Verify.VerifyAsync(@"
using System.Runtime.InteropServices;
static partial class Lib
{
    [LibraryImport(""libc"", EntryPoint = ""open"", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);
    // The implementation the source generator would write; the generator does not run in these tests.
    public static partial int Open(string path, int flags) => -1;
}
class C
{
    static int A(string p) => {|FDS0007:Lib.Open(p, 0)|};
    static int B(string p) => Lib.Open(p, 0x80000);
}");

        [Fact]
        public Task MethodsThatAreNotLibcAreNotReported() => Verify.VerifyAsync(@"
class C
{
    static int open(string p, int flags) => p.Length + flags;
    static int pipe(int[] fds) => fds.Length;
    static int dup(int fd) => fd;
    static int A(string p) => open(p, 0) + pipe(new int[2]) + dup(3);
    static int B(string p) => Native.foo_open(p, 0);
}" + Native);

        [Fact]
        public Task ABindingWithoutAFlagsParameterIsNotReported() => Verify.VerifyAsync(@"
class C
{
    [System.Runtime.InteropServices.DllImport(""libc"")]
    static extern int open(string path);
    static int A(string p) => open(p);
}");

        [Fact]
        public Task BrokenCallsAreNotReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int A(string p) => Syscall.{|CS1501:open|}(p);
    static int B(string p) => Syscall.open(p, {|CS0103:Missing|});
    static int D() => Syscall.{|CS1501:pipe|}();
}");

        // ---- pipe, dup, fcntl ----

        [Fact]
        public Task PipeIsReportedPipe2WithoutCloexecToo() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        var fds = new int[2];
        {|#0:Syscall.pipe(fds)|};
        {|FDS0007:Syscall.pipe(out int r, out int w)|};
        {|FDS0007:Native.pipe(fds)|};
        {|FDS0007:Native.pipe2(fds, 0)|};
        Native.pipe2(fds, Native.O_CLOEXEC);
    }
}" + Native, Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("pipe", "use pipe2 with O_CLOEXEC"));

        [Fact]
        public Task DupIsReportedDup2IsNot() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(int fd)
    {
        int a = {|#0:Syscall.dup(fd)|};
        int b = Syscall.dup2(fd, 1);
        int c = {|FDS0007:Native.dup3(fd, 5, 0)|};
        int d = Native.dup3(fd, 5, Native.O_CLOEXEC);
    }
}" + Native, Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("dup", "use fcntl(fd, F_DUPFD_CLOEXEC, 0)"));

        [Fact]
        public Task FcntlDupFdIsReportedDupFdCloexecIsNot() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(int fd, int cmd)
    {
        int a = {|#0:Syscall.fcntl(fd, FcntlCommand.F_DUPFD, 10)|};
        int b = {|FDS0007:Native.fcntl(fd, Native.F_DUPFD, 10)|};
        int c = Native.fcntl(fd, Native.F_DUPFD_CLOEXEC, 10);
        int d = Native.fcntl(fd, 1030, 0);
        int e = Syscall.fcntl(fd, FcntlCommand.F_GETFD);
        int f = Native.fcntl(fd, cmd, 0);
    }
}" + Native, Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("fcntl", "use F_DUPFD_CLOEXEC (1030) instead of F_DUPFD"));

        // ---- sockets ----

        [Fact]
        public Task MonoSocketOverloads() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(int listener)
    {
        int a = {|#0:Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0)|};
        int b = {|#1:Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_NONBLOCK, 0)|};
        int c = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC | UnixSocketFlags.SOCK_NONBLOCK, 0);
        int d = {|FDS0007:Syscall.socketpair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0, out int s1, out int s2)|};
        int e = Syscall.socketpair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0, out int s3, out int s4);
    }
}",
            Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("socket", "use the socket overload that takes UnixSocketFlags.SOCK_CLOEXEC"),
            Verify.Diagnostic("FDS0007").WithLocation(1).WithArguments("socket", "add SOCK_CLOEXEC to its flags"));

        [Fact]
        public Task DllImportSocketTypeCarriesTheFlag() => Verify.VerifyAsync(@"
class C
{
    static void M()
    {
        int a = {|#0:Native.socket(1, Native.SOCK_STREAM | Native.SOCK_NONBLOCK, 0)|};
        int b = Native.socket(1, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0);
    }
}" + Native, Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("socket", "add SOCK_CLOEXEC to its type"));

        [Fact]
        public Task AcceptIsReportedAccept4WithoutCloexecToo() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(int listener, Sockaddr addr)
    {
        int a = {|#0:Syscall.accept(listener, addr)|};
        int b = {|FDS0007:Syscall.accept4(listener, addr, UnixSocketFlags.SOCK_NONBLOCK)|};
        int c = Syscall.accept4(listener, addr, UnixSocketFlags.SOCK_CLOEXEC);
        int d = {|FDS0007:Native.accept4(listener, System.IntPtr.Zero, System.IntPtr.Zero, 0)|};
        int e = Native.accept4(listener, System.IntPtr.Zero, System.IntPtr.Zero, Native.SOCK_CLOEXEC);
    }
}" + Native, Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("accept", "use accept4 with SOCK_CLOEXEC"));

        // ---- epoll, eventfd, inotify, timerfd, signalfd, memfd, mkstemp ----

        [Fact]
        public Task EpollCreate() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        int a = {|#0:Syscall.epoll_create(16)|};
        int b = Syscall.epoll_create(EpollFlags.EPOLL_CLOEXEC);
        int c = {|FDS0007:Syscall.epoll_create(EpollFlags.EPOLL_NONBLOCK)|};
        int d = {|#1:Native.epoll_create(16)|};
        int e = {|FDS0007:Native.epoll_create1(0)|};
        int f = Native.epoll_create1(0x80000);
    }
}" + Native,
            Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("epoll_create", "use the epoll_create overload that takes EpollFlags.EPOLL_CLOEXEC"),
            Verify.Diagnostic("FDS0007").WithLocation(1).WithArguments("epoll_create", "use epoll_create1(EPOLL_CLOEXEC)"));

        [Fact]
        public Task EventFdAndMemfd() => Verify.VerifyAsync(@"
class C
{
    const uint MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2;
    static void M()
    {
        int a = {|#0:Native.eventfd(0, 0)|};
        int b = Native.eventfd(0, 0x80000);
        int c = {|#1:Native.memfd_create(""x"", MFD_ALLOW_SEALING)|};
        int d = Native.memfd_create(""x"", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    }
}" + Native,
            Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("eventfd", "add EFD_CLOEXEC to its flags"),
            Verify.Diagnostic("FDS0007").WithLocation(1).WithArguments("memfd_create", "add MFD_CLOEXEC to its flags"));

        [Fact]
        public Task InotifyTimerfdSignalfd() => Verify.VerifyAsync(@"
class C
{
    static void M(int existing)
    {
        int a = {|#0:Native.inotify_init()|};
        int b = {|FDS0007:Native.inotify_init1(0)|};
        int c = Native.inotify_init1(0x80000);
        int d = {|FDS0007:Native.timerfd_create(1, 0)|};
        int e = Native.timerfd_create(1, 0x80000);
        int f = {|FDS0007:Native.signalfd(-1, System.IntPtr.Zero, 0)|};
        int g = Native.signalfd(-1, System.IntPtr.Zero, 0x80000);
        int h = Native.signalfd(existing, System.IntPtr.Zero, 0);
    }
}" + Native, Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("inotify_init", "use inotify_init1(IN_CLOEXEC)"));

        [Fact]
        public Task MkstempIsReportedMkostempWithCloexecIsNot() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        int a = {|#0:Syscall.mkstemp(new System.Text.StringBuilder(""/tmp/xXXXXXX""))|};
        var t = System.Text.Encoding.ASCII.GetBytes(""/tmp/xXXXXXX\0"");
        int b = {|FDS0007:Native.mkostemp(t, 0)|};
        int c = Native.mkostemp(t, Native.O_CLOEXEC);
    }
}" + Native, Verify.Diagnostic("FDS0007").WithLocation(0).WithArguments("mkstemp", "use mkostemp with O_CLOEXEC"));

        // ---- the runtime ----

        [Fact]
        public Task RuntimeCallsAreClean() => Verify.VerifyAsync(@"
using FdSafety;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        using OwnedFd f = Fd.Open(p, OpenFlags.O_RDONLY);
        var (r, w) = Fd.Pipe();
        using OwnedFd d = Fd.Dup(f);
        using OwnedFd s = Fd.Socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0);
        using OwnedFd m = Fd.MemfdCreate(""x"");
        using OwnedFd e = Fd.EventFd(0);
        using OwnedFd c = f.TryClone();
        r.Dispose();
        w.Dispose();
    }
}");
    }
}
