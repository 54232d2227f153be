using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.RawFdBoundaryAnalyzer, FdSafety.CodeFixes.RawFdBoundaryFix>;

namespace FdSafety.CodeFixes.Tests
{
    /// <summary>
    /// FDS0004 fixes that move ownership onto OwnedFd: a parameter the method closes or keeps, a
    /// returned descriptor, a field. Each test gives the exact fixed text; the verifier applies the fix
    /// one finding at a time and as Fix All at document, project and solution scope, and checks that
    /// the result compiles and that only the findings still marked remain.
    /// </summary>
    [Trait("Rule", "FDS0004")]
    public class OwnedFdFixTests
    {
        [Fact]
        public Task ClosingParameterTakesOwnershipAndCallersInOtherFilesHandItOver()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Util.cs", @"
using Mono.Unix.Native;

static class Util
{
    internal static unsafe bool Finish(int {|FDS0004:fd|}, byte* data, ulong n)
    {
        bool ok = Syscall.write(fd, data, n) == (long)n;
        Syscall.close(fd);
        return ok;
    }
}"));
            test.TestState.Sources.Add(("/0/User.cs", @"
using FdSafety;
using Mono.Unix.Native;

static class User
{
    static unsafe int Save(string path, byte* data, ulong n)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR);
        if (fd < 0)
        {
            return 1;
        }
        return Util.Finish(fd, data, n) ? 0 : 2;
    }

    static unsafe bool Again(OwnedFd owner, byte* data, ulong n) => Util.Finish(owner.IntoRawFd(), data, n);
}"));
            test.FixedState.Sources.Add(("/0/Util.cs", @"
using FdSafety;
using Mono.Unix.Native;

static class Util
{
    internal static unsafe bool Finish(OwnedFd fd, byte* data, ulong n)
    {
        bool ok = Syscall.write(fd.AsRawFd(), data, n) == (long)n;
        fd.Dispose();
        return ok;
    }
}"));
            test.FixedState.Sources.Add(("/0/User.cs", @"
using FdSafety;
using Mono.Unix.Native;

static class User
{
    static unsafe int Save(string path, byte* data, ulong n)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR);
        if (fd < 0)
        {
            return 1;
        }
        return Util.Finish(OwnedFd.FromRawFd(fd), data, n) ? 0 : 2;
    }

    static unsafe bool Again(OwnedFd owner, byte* data, ulong n) => Util.Finish(owner, data, n);
}"));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task OwnedParameterCallersInAnotherProjectChangeInTheSameFix()
        {
            var test = new Verify.Test();
            test.TestState.AdditionalProjects["Lib"].Sources.Add(("/Lib/Util.cs", @"
using Mono.Unix.Native;

public static class Util
{
    public static void Shut(int {|FDS0004:fd|})
    {
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}"));
            test.TestState.AdditionalProjects["Lib"].AdditionalReferences.AddRange(FdSafety.Analyzers.Tests.Verifiers.TestReferences.All);
            test.TestState.AdditionalProjectReferences.Add("Lib");
            test.TestState.Sources.Add(("/0/User.cs", @"
using Mono.Unix.Native;

static class User
{
    static void M(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd == -1) return;
        Util.Shut(fd);
    }
}"));
            test.FixedState.AdditionalProjects["Lib"].Sources.Add(("/Lib/Util.cs", @"
using FdSafety;
using Mono.Unix.Native;

public static class Util
{
    public static void Shut(OwnedFd fd)
    {
        Syscall.fsync(fd.AsRawFd());
        fd.Dispose();
    }
}"));
            test.FixedState.AdditionalProjects["Lib"].AdditionalReferences.AddRange(FdSafety.Analyzers.Tests.Verifiers.TestReferences.All);
            test.FixedState.AdditionalProjectReferences.Add("Lib");
            test.FixedState.Sources.Add(("/0/User.cs", @"
using FdSafety;
using Mono.Unix.Native;

static class User
{
    static void M(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd == -1) return;
        Util.Shut(OwnedFd.FromRawFd(fd));
    }
}"));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task NoOwnershipWhenACallerKeepsUsingTheNumberOrTheMethodClosesOnSomePathsOnly() => Verify.VerifyNoFixAsync(@"
using Mono.Unix.Native;

static class C
{
    static void Shut(int {|FDS0004:fd|}) { Syscall.close(fd); }

    static void Maybe(int {|FDS0004:fd|}, bool done)
    {
        if (done) return;
        Syscall.close(fd);
    }

    static void UsedAfter(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Shut(fd);
        Syscall.fsync(fd);
    }

    static void Unchecked(string p, bool done)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Maybe(fd, done);
    }

    static void Spent(FdSafety.OwnedFd owner)
    {
        Shut(owner.IntoRawFd());
        owner.Dispose();
    }
}");

        [Fact]
        public Task ReturnedDescriptorsBecomeOwnedFdAndCallersKeepTheirNumbers() => Verify.VerifyAsync(@"
using Mono.Unix.Native;

static class Files
{
    private static {|FDS0004:int|} OpenLog(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            return -1;
        }
        return fd;
    }

    private static {|FDS0004:int|} OpenData(string path, bool create)
    {
        if (create)
        {
            return Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);
        }
        return Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
    }

    static int Main(string[] args)
    {
        int log = OpenLog(args[0]);
        if (log < 0) return 1;
        Syscall.fsync(log);
        Syscall.close(log);
        int data = OpenData(args[1], true);
        if (data < 0) return 2;
        Syscall.close(data);
        return 0;
    }
}", @"
using FdSafety;
using Mono.Unix.Native;

static class Files
{
    private static OwnedFd OpenLog(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            return null;
        }
        return OwnedFd.FromRawFd(fd);
    }

    private static OwnedFd OpenData(string path, bool create)
    {
        if (create)
        {
            int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);
            return fd < 0 ? null : OwnedFd.FromRawFd(fd);
        }
        int fd2 = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd2 < 0 ? null : OwnedFd.FromRawFd(fd2);
    }

    static int Main(string[] args)
    {
        OwnedFd logOwner = OpenLog(args[0]);
        int log = logOwner == null ? -1 : logOwner.IntoRawFd();
        if (log < 0) return 1;
        Syscall.fsync(log);
        Syscall.close(log);
        OwnedFd dataOwner = OpenData(args[1], true);
        int data = dataOwner == null ? -1 : dataOwner.IntoRawFd();
        if (data < 0) return 2;
        Syscall.close(data);
        return 0;
    }
}");

        [Fact]
        public Task ReturnedDescriptorCallersInAnotherProjectAndFileChangeInTheSameFix()
        {
            var test = new Verify.Test();
            test.TestState.AdditionalProjects["Lib"].Sources.Add(("/Lib/Files.cs", @"
using Mono.Unix.Native;

public static class Files
{
    public static {|FDS0004:int|} OpenLog(string path)
    {
        return Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
    }
}"));
            test.TestState.AdditionalProjects["Lib"].Sources.Add(("/Lib/Rotate.cs", @"
using Mono.Unix.Native;

public static class Rotate
{
    public static bool Touch(string path)
    {
        int fd = Files.OpenLog(path);
        if (fd == -1) return false;
        Syscall.close(fd);
        return true;
    }
}"));
            test.TestState.AdditionalProjects["Lib"].AdditionalReferences.AddRange(FdSafety.Analyzers.Tests.Verifiers.TestReferences.All);
            test.TestState.AdditionalProjectReferences.Add("Lib");
            test.TestState.Sources.Add(("/0/User.cs", @"
using Mono.Unix.Native;

static class User
{
    static int M(string path)
    {
        int log = Files.OpenLog(path);
        if (log < 0) return 1;
        Syscall.fsync(log);
        Syscall.close(log);
        return 0;
    }
}"));
            test.FixedState.AdditionalProjects["Lib"].Sources.Add(("/Lib/Files.cs", @"
using FdSafety;
using Mono.Unix.Native;

public static class Files
{
    public static OwnedFd OpenLog(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        return fd < 0 ? null : OwnedFd.FromRawFd(fd);
    }
}"));
            test.FixedState.AdditionalProjects["Lib"].Sources.Add(("/Lib/Rotate.cs", @"
using FdSafety;
using Mono.Unix.Native;

public static class Rotate
{
    public static bool Touch(string path)
    {
        OwnedFd fdOwner = Files.OpenLog(path);
        int fd = fdOwner == null ? -1 : fdOwner.IntoRawFd();
        if (fd == -1) return false;
        Syscall.close(fd);
        return true;
    }
}"));
            test.FixedState.AdditionalProjects["Lib"].AdditionalReferences.AddRange(FdSafety.Analyzers.Tests.Verifiers.TestReferences.All);
            test.FixedState.AdditionalProjectReferences.Add("Lib");
            test.FixedState.Sources.Add(("/0/User.cs", @"
using FdSafety;
using Mono.Unix.Native;

static class User
{
    static int M(string path)
    {
        OwnedFd logOwner = Files.OpenLog(path);
        int log = logOwner == null ? -1 : logOwner.IntoRawFd();
        if (log < 0) return 1;
        Syscall.fsync(log);
        Syscall.close(log);
        return 0;
    }
}"));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task ReturnThatCannotFailIsNotNullAndAnOwnerMadeFromItIsTakenAsIs() => Verify.VerifyAsync(@"
#nullable enable
using FdSafety;
using Mono.Unix.Native;

static class Files
{
    static {|FDS0004:int|} OpenOrThrow(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new PosixException(Stdlib.GetLastError(), ""open"", path);
        return fd;
    }

    static {|FDS0004:int|} TryOpen(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd;
    }

    static long Size(string path)
    {
        using OwnedFd fd = OwnedFd.FromRawFd(OpenOrThrow(path));
        Syscall.fstat(fd.AsRawFd(), out Stat st);
        return st.st_size;
    }

    static bool Exists(string path)
    {
        int fd = TryOpen(path);
        if (fd < 0) return false;
        Syscall.close(fd);
        return true;
    }
}", @"
#nullable enable
using FdSafety;
using Mono.Unix.Native;

static class Files
{
    static OwnedFd OpenOrThrow(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new PosixException(Stdlib.GetLastError(), ""open"", path);
        return OwnedFd.FromRawFd(fd);
    }

    static OwnedFd? TryOpen(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd < 0 ? null : OwnedFd.FromRawFd(fd);
    }

    static long Size(string path)
    {
        using OwnedFd fd = OpenOrThrow(path);
        Syscall.fstat(fd.AsRawFd(), out Stat st);
        return st.st_size;
    }

    static bool Exists(string path)
    {
        OwnedFd? fdOwner = TryOpen(path);
        int fd = fdOwner == null ? -1 : fdOwner.IntoRawFd();
        if (fd < 0) return false;
        Syscall.close(fd);
        return true;
    }
}");

        [Fact]
        public Task NoReturnFixForANumberTheMethodDoesNotOwnOrAnErrnoConvention() => Verify.VerifyNoFixAsync(@"
using FdSafety;
using Mono.Unix.Native;

static class Files
{
    static {|FDS0004:int|} InputOrStdin(string path)
    {
        if (path == ""-"") return 0;
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd;
    }

    static {|FDS0004:int|} OpenOrErrno(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -(int)Stdlib.GetLastError();
        return fd;
    }

    static {|FDS0004:int|} Peek(OwnedFd owner) => owner.AsRawFd();
}");

        [Fact]
        public Task NoFixForAGetterOrMethodThatExposesADescriptorField() => Verify.VerifyNoFixAsync(@"
using System;
using Mono.Unix.Native;

sealed class Loop : IDisposable
{
    private int {|FDS0004:_epfd|};
    public Loop()
    {
        _epfd = Syscall.epoll_create(EpollFlags.EPOLL_CLOEXEC);
        if (_epfd < 0) throw new InvalidOperationException();
    }
    public int {|FDS0004:Handle|} => _epfd;
    public {|FDS0004:int|} RawHandle() { return _epfd; }
    public void Dispose() { if (_epfd >= 0) Syscall.close(_epfd); _epfd = -1; }
}");

        [Fact]
        public Task PipeEndsInFieldsBecomeOwnersTheTypeDisposesAndTheConstructorTakesThem() => Verify.VerifyAsync(@"
using System.Runtime.InteropServices;

static class Native
{
    [DllImport(""libc"", SetLastError = true)]
    public static extern int pipe2(int[] fds, int flags);

    [DllImport(""libc"", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport(""libc"", SetLastError = true)]
    public static extern unsafe long write(int fd, byte* buf, ulong count);
}

sealed class Channel
{
    private readonly int {|FDS0004:_read|};
    private readonly int {|FDS0004:_write|};

    private Channel(int {|FDS0004:read|}, int {|FDS0004:write|})
    {
        _read = read;
        _write = write;
    }

    public static Channel Open()
    {
        var fds = new int[2];
        if (Native.pipe2(fds, 0x80000) != 0)
        {
            return null;
        }

        return new Channel(fds[0], fds[1]);
    }

    public unsafe long Send(byte* p, ulong n) => Native.write(_write, p, n);

    public void CloseWriter()
    {
        Native.close(_write);
    }

    public void CloseReader()
    {
        Native.close(_read);
    }
}", @"
using System.Runtime.InteropServices;
using FdSafety;

static class Native
{
    [DllImport(""libc"", SetLastError = true)]
    public static extern int pipe2(int[] fds, int flags);

    [DllImport(""libc"", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport(""libc"", SetLastError = true)]
    public static extern unsafe long write(int fd, byte* buf, ulong count);
}

sealed class Channel : System.IDisposable
{
    private readonly OwnedFd _read;
    private readonly OwnedFd _write;

    private Channel(OwnedFd read, OwnedFd write)
    {
        _read = read;
        _write = write;
    }

    public static Channel Open()
    {
        var fds = new int[2];
        if (Native.pipe2(fds, 0x80000) != 0)
        {
            return null;
        }

        return new Channel(OwnedFd.FromRawFd(fds[0]), OwnedFd.FromRawFd(fds[1]));
    }

    public unsafe long Send(byte* p, ulong n) => Native.write(_write.AsRawFd(), p, n);

    public void CloseWriter()
    {
        _write.Dispose();
    }

    public void CloseReader()
    {
        _read.Dispose();
    }

    public void Dispose()
    {
        _read.Dispose();
        _write.Dispose();
    }
}");

        [Fact]
        public Task NoFieldFixWhenAnotherMethodReassignsItAConstructorLeavesItUnsetOrAnotherTypeReadsIt() => Verify.VerifyNoFixAsync(@"
using Mono.Unix.Native;

sealed class Reopened
{
    private int {|FDS0004:_fd|};

    public Reopened(string path) { Reopen(path); }

    public void Reopen(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        _fd = fd;
    }

    public int Sync() => Syscall.fsync(_fd);
}

sealed class Unset
{
    private readonly int {|FDS0004:_fd|};

    public Unset(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        _fd = fd;
    }

    public int Sync() => Syscall.fsync(_fd);
}

sealed class Shared
{
    internal readonly int {|FDS0004:Fd|};

    public Shared(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new System.IO.IOException(path);
        Fd = fd;
    }

    public int Sync() => Syscall.fsync(Fd);
}

static class Reader
{
    static int Sync(Shared s) => Syscall.fsync(s.Fd);
}");

        [Fact]
        public Task FieldFilledFromACheckedLocalJoinsTheTypesOwnDispose() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;

sealed class Log : IDisposable
{
    private readonly int {|FDS0004:_fd|};
    private bool _disposed;

    public Log(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new System.IO.IOException(path);
        _fd = fd;
    }

    public int Sync() => Syscall.fsync(_fd);

    public void Dispose()
    {
        _disposed = true;
    }
}", @"
using System;
using FdSafety;
using Mono.Unix.Native;

sealed class Log : IDisposable
{
    private readonly OwnedFd _fd;
    private bool _disposed;

    public Log(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new System.IO.IOException(path);
        _fd = OwnedFd.FromRawFd(fd);
    }

    public int Sync() => Syscall.fsync(_fd.AsRawFd());

    public void Dispose()
    {
        _disposed = true;
        _fd.Dispose();
    }
}");
    }
}
