using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.MissingCloexecAnalyzer, FdSafety.CodeFixes.AddCloexecFix>;

namespace FdSafety.CodeFixes.Tests
{
    [Trait("Rule", "FDS0007")]
    public class AddCloexecFixTests
    {
        /// <summary>A libc binding of the [DllImport] kind with its own integer constants.</summary>
        private const string Native = @"
static class Native
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_CREAT = 0x40, O_TRUNC = 0x200, O_CLOEXEC = 0x80000;
    public const int SOCK_CLOEXEC = 0x80000, EPOLL_CLOEXEC = 0x80000, IN_CLOEXEC = 0x80000;
    public const int F_DUPFD = 0, F_DUPFD_CLOEXEC = 1030;

    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int open(string path, int flags, int mode);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int creat(string path, int mode);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int pipe(int[] fds);
    [System.Runtime.InteropServices.DllImport(""libc"", EntryPoint = ""pipe2"", SetLastError = true)]
    public static extern int Pipe2(int[] fds, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int dup(int fd);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int fcntl(int fd, int cmd, int arg);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int accept(int fd, System.IntPtr addr, System.IntPtr len);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int accept4(int fd, System.IntPtr addr, System.IntPtr len, int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int epoll_create(int size);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int epoll_create1(int flags);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int inotify_init();
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int inotify_init1(int flags);
}";

        /// <summary>The same binding without pipe2, accept4, epoll_create1 or the constants.</summary>
        private const string Bare = @"
static class Bare
{
    public const int O_RDONLY = 0;
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int open(string path, int flags, int mode);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int pipe(int[] fds);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern int accept(int fd, System.IntPtr addr, System.IntPtr len);
}";

        [Fact]
        public Task MonoOpenGetsTheEnumFlag() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p) => {|FDS0007:Syscall.open(p, OpenFlags.O_RDONLY)|};
    static int N(string p) => {|FDS0007:Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.S_IRUSR)|};
    static int O(int dir, string p) => {|FDS0007:Syscall.openat(dir, p, OpenFlags.O_RDONLY)|};
}", @"
using Mono.Unix.Native;
class C
{
    static int M(string p) => Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
    static int N(string p) => Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR);
    static int O(int dir, string p) => Syscall.openat(dir, p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
}");

        [Fact]
        public Task FlagsFromALocalAndAConditionalKeepTheirMeaning() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p, bool append)
    {
        var flags = OpenFlags.O_WRONLY | OpenFlags.O_CREAT;
        if (append) flags |= OpenFlags.O_APPEND;
        return {|FDS0007:Syscall.open(p, flags, FilePermissions.S_IRUSR)|};
    }

    static int N(string p, bool w) => {|FDS0007:Syscall.open(p, w ? OpenFlags.O_WRONLY : OpenFlags.O_RDONLY)|};
}", @"
using Mono.Unix.Native;
class C
{
    static int M(string p, bool append)
    {
        var flags = OpenFlags.O_WRONLY | OpenFlags.O_CREAT;
        if (append) flags |= OpenFlags.O_APPEND;
        return Syscall.open(p, flags | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR);
    }

    static int N(string p, bool w) => Syscall.open(p, (w ? OpenFlags.O_WRONLY : OpenFlags.O_RDONLY) | OpenFlags.O_CLOEXEC);
}");

        [Fact]
        public Task IntegerFlagsGetTheBindingsConstant() => Verify.VerifyAsync(@"
class C
{
    static int M(string p) => {|FDS0007:Native.open(p, Native.O_WRONLY | Native.O_CREAT, 420)|};
    static int N(string p) => {|FDS0007:Native.open(p, 0, 0)|};
    static int O() => {|FDS0007:Native.epoll_create1(0)|};
}" + Native, @"
class C
{
    static int M(string p) => Native.open(p, Native.O_WRONLY | Native.O_CREAT | Native.O_CLOEXEC, 420);
    static int N(string p) => Native.open(p, Native.O_CLOEXEC, 0);
    static int O() => Native.epoll_create1(Native.EPOLL_CLOEXEC);
}" + Native);

        [Fact]
        public Task InsideTheBindingTheConstantIsUnqualified() => Verify.VerifyAsync(@"
static class Files
{
    const int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    static extern int open(string path, int flags, int mode);
    static int Open(string p) => {|FDS0007:open(p, O_RDONLY, 0)|};
}", @"
static class Files
{
    const int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    static extern int open(string path, int flags, int mode);
    static int Open(string p) => open(p, O_RDONLY | O_CLOEXEC, 0);
}");

        [Fact]
        public Task CallsThatCannotCarryTheFlagSwitchToTheOnesThatCan() => Verify.VerifyAsync(@"
class C
{
    static void M(int[] fds, int fd, int listener, string p)
    {
        int a = {|FDS0007:Native.pipe(fds)|};
        int b = {|FDS0007:Native.dup(fd)|};
        int c = {|FDS0007:Native.accept(listener, System.IntPtr.Zero, System.IntPtr.Zero)|};
        int d = {|FDS0007:Native.epoll_create(16)|};
        int e = {|FDS0007:Native.inotify_init()|};
        int f = {|FDS0007:Native.creat(p, 420)|};
        int g = {|FDS0007:Native.fcntl(fd, Native.F_DUPFD, 10)|};
    }
}" + Native, @"
class C
{
    static void M(int[] fds, int fd, int listener, string p)
    {
        int a = Native.Pipe2(fds, Native.O_CLOEXEC);
        int b = Native.fcntl(fd, Native.F_DUPFD_CLOEXEC, 0);
        int c = Native.accept4(listener, System.IntPtr.Zero, System.IntPtr.Zero, Native.SOCK_CLOEXEC);
        int d = Native.epoll_create1(Native.EPOLL_CLOEXEC);
        int e = Native.inotify_init1(Native.IN_CLOEXEC);
        int f = Native.open(p, Native.O_CREAT | Native.O_WRONLY | Native.O_TRUNC | Native.O_CLOEXEC, 420);
        int g = Native.fcntl(fd, Native.F_DUPFD_CLOEXEC, 10);
    }
}" + Native);

        [Fact]
        public Task MonoPosixOverloadsWithFlags() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(int listener, Sockaddr addr, string p)
    {
        int a = {|FDS0007:Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0)|};
        int b = {|FDS0007:Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_NONBLOCK, 0)|};
        int c = {|FDS0007:Syscall.socketpair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0, out int s1, out int s2)|};
        int d = {|FDS0007:Syscall.accept(listener, addr)|};
        int e = {|FDS0007:Syscall.accept4(listener, addr, UnixSocketFlags.SOCK_NONBLOCK)|};
        int f = {|FDS0007:Syscall.epoll_create(16)|};
        int g = {|FDS0007:Syscall.creat(p, FilePermissions.S_IRUSR)|};
    }
}", @"
using Mono.Unix.Native;
class C
{
    static void M(int listener, Sockaddr addr, string p)
    {
        int a = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0);
        int b = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_NONBLOCK | UnixSocketFlags.SOCK_CLOEXEC, 0);
        int c = Syscall.socketpair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0, out int s1, out int s2);
        int d = Syscall.accept4(listener, addr, UnixSocketFlags.SOCK_CLOEXEC);
        int e = Syscall.accept4(listener, addr, UnixSocketFlags.SOCK_NONBLOCK | UnixSocketFlags.SOCK_CLOEXEC);
        int f = Syscall.epoll_create(EpollFlags.EPOLL_CLOEXEC);
        int g = Syscall.open(p, OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR);
    }
}");

        [Fact]
        public Task NoFixWhereTheBindingLacksTheCallOrTheConstant() => Verify.VerifyNoFixAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(int[] fds, int fd, int listener, string p, int size)
    {
        int a = {|FDS0007:Syscall.pipe(fds)|};
        int b = {|FDS0007:Syscall.dup(fd)|};
        int c = {|FDS0007:Syscall.fcntl(fd, FcntlCommand.F_DUPFD, 10)|};
        int d = {|FDS0007:Bare.pipe(fds)|};
        int e = {|FDS0007:Bare.accept(listener, System.IntPtr.Zero, System.IntPtr.Zero)|};
        int f = {|FDS0007:Bare.open(p, Bare.O_RDONLY, 0)|};
        int g = {|FDS0007:Syscall.mkstemp(new System.Text.StringBuilder(""/tmp/xXXXXXX""))|};
    }
}" + Bare);

        [Fact]
        public Task NoFixWhenEpollCreatesSizeIsNotAKnownPositiveConstant() => Verify.VerifyNoFixAsync(@"
class C
{
    static int M(int size) => {|FDS0007:Native.epoll_create(size)|};
    static int N() => {|FDS0007:Native.epoll_create(0)|};
}" + Native);
    }
}
