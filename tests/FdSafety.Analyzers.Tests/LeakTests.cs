using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.LeakAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    [Trait("Rule", "FDS0003")]
    public class LeakTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Mono.Unix;\nusing Mono.Unix.Native;\nusing FdSafety;\n";

        [Fact]
        public Task EarlyReturnLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p, bool quit)
    {
        int fd = {|#0:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return -1;
        if (quit) {|#1:return 0;|}
        Syscall.close(fd);
        return 1;
    }
}
""", Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1).WithArguments("fd", 10, " (it is lost at the return on line 12)"));

        [Fact]
        public Task ExplicitThrowLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = {|#0:Syscall.open(p, OpenFlags.O_RDONLY)|};
        if (fd < 0) return;
        if (p.Length > 10) {|#1:throw new ArgumentException("too long");|}
        Syscall.close(fd);
    }
}
""", Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1).WithArguments("fd", 10, " (it is lost at the throw on line 12)"));

        [Fact]
        public Task ClosedOnOneBranchOnlyLeaksAtEnd() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, bool b)
    {
        int fd = {|#0:Syscall.open(p, OpenFlags.O_RDONLY)|};
        if (fd < 0) return;
        if (b) Syscall.close(fd);
    {|#1:}|}
}
""", Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1).WithArguments("fd", 10, " (it is lost at the end of the method on line 13)"));

        [Fact]
        public Task OverwrittenVariableLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string a, string b)
    {
        int fd = {|#0:Syscall.open(a, OpenFlags.O_RDONLY)|};
        {|#1:fd = Syscall.open(b, OpenFlags.O_RDONLY);|}
        if (fd >= 0) Syscall.close(fd);
    }
}
""", Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1).WithArguments("fd", 10, " (it is lost at line 11)"));

        [Fact]
        public Task DiscardedResultLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        {|#1:{|#0:Syscall.open(p, OpenFlags.O_RDONLY)|};|}
        {|#3:_ = {|#2:Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0)|};|}
    }
}
""",
            Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1).WithArguments("open(...)", 10, " (it is lost at line 10)"),
            Verify.Diagnostic("FDS0003").WithLocation(2).WithLocation(3).WithArguments("socket(...)", 11, " (it is lost at line 11)"));

        [Fact]
        public Task PipeEndsLeakSeparately() => Verify.VerifyAsync(Usings + """
class C
{
    static void M()
    {
        int[] fds = new int[2];
        if ({|#0:Syscall.pipe(fds)|} < 0) return;
        Syscall.close(fds[0]);
    {|#1:}|}
}
""", Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1).WithArguments("fds[1]", 11, " (it is lost at the end of the method on line 13)"));

        [Fact]
        public Task PipeOutArgumentsLeak() => Verify.VerifyAsync(Usings + """
class C
{
    static void M()
    {
        if ({|FDS0003:Syscall.pipe(out int r, out int w)|} != 0) return;
        Syscall.close(r);
    }
}
""");

        [Fact]
        public Task DupLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        int copy = {|FDS0003:Syscall.dup(fd)|};
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task NonOwningUnixStreamDoesNotTakeIt() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY)|};
        if (fd < 0) return -1;
        var stream = new UnixStream(fd, false);
        return stream.ReadByte();
    }
}
""");

        [Fact]
        public Task OwnedFdNotDisposedLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        var file = {|FDS0003:Fd.Open(p, OpenFlags.O_RDONLY)|};
        Fd.Read(file, new byte[8]);
    }
}
""");

        [Fact]
        public Task PipeTupleEndLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static void M()
    {
        var (r, w) = {|FDS0003:Fd.Pipe()|};
        using (r) { }
    }
}
""");

        [Fact]
        public Task LoopThatNeverClosesLeaksOnTheNextPass() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string[] paths)
    {
        foreach (var p in paths)
        {
            int fd = {|#0:Syscall.open(p, OpenFlags.O_RDONLY)|};
            if (fd < 0) continue;
            Syscall.fsync(fd);
        }
    {|#1:}|}
}
""", Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1)
            .WithArguments("fd", 12, " (it is lost at the next pass of the loop, which acquires it again on line 12 and 1 more)"));

        [Fact]
        public Task HelperResultLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static int OpenOrThrow(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) throw new InvalidOperationException(p);
        return fd;
    }

    static void M(string p)
    {
        int fd = {|FDS0003:OpenOrThrow(p)|};
        Syscall.fsync(fd);
    }
}
""");

        [Fact]
        public Task ClosedOnEveryPathIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p, bool quit)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            if (quit) return 0;
            return 1;
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
""");

        [Fact]
        public Task FailedAcquisitionOwnsNothing() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd == -1)
        {
            Console.Error.WriteLine("cannot open " + p);
            return 1;
        }
        Syscall.close(fd);
        return 0;
    }
}
""");

        [Fact]
        public Task ReturnedIsHandedOn() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p) => Syscall.open(p, OpenFlags.O_RDONLY);

    static OwnedFd N(string p)
    {
        var file = Fd.Open(p, OpenFlags.O_RDONLY);
        return file;
    }
}
""");

        [Fact]
        public Task StoredInFieldOrCollectionIsHandedOn() => Verify.VerifyAsync(Usings + """
class C
{
    private int _fd = -1;
    private readonly List<int> _all = new List<int>();
    private OwnedFd? _owned;

    void Keep(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        _fd = fd;
        int other = Syscall.open(p, OpenFlags.O_RDONLY);
        _all.Add(other);
        _owned = Fd.Open(p, OpenFlags.O_RDONLY);
    }

    // The type closes what it keeps in _fd (a field no member closes keeps its descriptor open: FieldTests).
    void Close() { if (_fd >= 0) { Syscall.close(_fd); _fd = -1; } }
}
""");

        [Fact]
        public Task PassedToAnOwnerIsHandedOn() => Verify.VerifyAsync(Usings + """
class C
{
    static UnixStream M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) throw new InvalidOperationException();
        return new UnixStream(fd, true);
    }

    static OwnedFd N(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) throw new InvalidOperationException();
        return OwnedFd.FromRawFd(fd);
    }

    static Microsoft.Win32.SafeHandles.SafeFileHandle S(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) throw new InvalidOperationException();
        return new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)fd, true);
    }
}
""");

        [Fact]
        public Task CapturedByLambdaIsHandedOn() => Verify.VerifyAsync(Usings + """
class C
{
    static Action M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return () => { };
        return () => Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task UsingDeclarationsAreClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, bool stop)
    {
        using var file = Fd.Open(p, OpenFlags.O_RDONLY);
        if (stop) return;
        var (r, w) = Fd.Pipe();
        using (r)
        using (w)
        {
            Fd.Write(w, new byte[1]);
        }
        if (p.Length == 0) throw new ArgumentException(nameof(p));
    }
}
""");

        [Fact]
        public Task SentinelWithFinallyIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = -1;
        try
        {
            fd = Syscall.open(p, OpenFlags.O_RDONLY);
            if (fd < 0) return;
            Syscall.fsync(fd);
        }
        finally
        {
            if (fd >= 0) Syscall.close(fd);
        }
    }
}
""");

        [Fact]
        public Task CheckedThroughBoolIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        bool opened = fd >= 0;
        if (!opened) return;
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task DllImportLibcIsKnownByEntryPoint() => Verify.VerifyAsync(Usings + """
using System.Runtime.InteropServices;
static class Native
{
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int OpenFile(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);
}

class C
{
    static void Leaky(string p)
    {
        int fd = {|FDS0003:Native.OpenFile(p, 0)|};
        if (fd < 0) return;
    }

    static void Fine(string p)
    {
        int fd = Native.OpenFile(p, 0);
        if (fd < 0) return;
        Native.close(fd);
    }
}
""");

        [Fact]
        public Task NonLibcMethodsNamedOpenAreNotAcquisitions() => Verify.VerifyAsync(Usings + """
class C
{
    static int open(string p, int flags) => p.Length + flags;

    static void M(string p)
    {
        int n = open(p, 0);
        Console.WriteLine(n);
    }
}
""");

        [Fact]
        public Task ImplicitExceptionPathsAreOffByDefault() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Console.WriteLine("opened");
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task ImplicitExceptionPathsWhenEnabled() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = {|#0:Syscall.open(p, OpenFlags.O_RDONLY)|};
        if (fd < 0) return;
        {|#1:Console.WriteLine("opened")|};
        Syscall.close(fd);
    }

    static void Guarded(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        try
        {
            Console.WriteLine("opened");
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
""", "fdsafety.exception_paths = true\n", Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1).WithArguments("fd", 10, " (it is lost at line 12)"));

        [Fact]
        public Task CatchThatReturnsWithoutClosingLeaks() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p)
    {
        int fd = {|#0:Syscall.open(p, OpenFlags.O_RDONLY)|};
        if (fd < 0) return -1;
        try
        {
            if (p.Length > 3) throw new InvalidOperationException(p);
            Syscall.fsync(fd);
        }
        catch (InvalidOperationException)
        {
            {|#1:return 1;|}
        }
        Syscall.close(fd);
        return 0;
    }
}
""", Verify.Diagnostic("FDS0003").WithLocation(0).WithLocation(1).WithArguments("fd", 10, " (it is lost at the return on line 19)"));

        [Fact]
        public Task CatchThatClosesIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return -1;
        try
        {
            if (p.Length > 3) throw new InvalidOperationException(p);
            Syscall.fsync(fd);
        }
        catch (InvalidOperationException)
        {
            Syscall.close(fd);
            return 1;
        }
        Syscall.close(fd);
        return 0;
    }
}
""");

        [Fact]
        public Task AcquiredInsideTryAndDisposedByUsingIsCleanInCatch() => Verify.VerifyAsync(Usings + """
class C
{
    static bool M(string p)
    {
        try
        {
            using var file = Fd.Open(p, OpenFlags.O_RDONLY);
            if (p.Length > 3) throw new InvalidOperationException(p);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
""");

        [Fact]
        public Task TmdsLinuxLibCIsKnownByName() => Verify.VerifyAsync("""
namespace Tmds.Linux
{
    public static unsafe class LibC
    {
        public static int open(byte* path, int flags, uint mode) => -1;
        public static int close(int fd) => 0;
        public static nint read(int fd, void* buf, nuint count) => 0;
    }
}

unsafe class C
{
    static void M(byte* path, byte* buffer)
    {
        int fd = {|FDS0003:Tmds.Linux.LibC.open(path, 0x80000, 0)|};
        if (fd < 0) return;
        Tmds.Linux.LibC.read(fd, buffer, 16);
    }

    static void Fine(byte* path, byte* buffer)
    {
        int fd = Tmds.Linux.LibC.open(path, 0x80000, 0);
        if (fd < 0) return;
        Tmds.Linux.LibC.read(fd, buffer, 16);
        Tmds.Linux.LibC.close(fd);
    }
}
""");
    }
}
