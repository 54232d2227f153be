using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.UseAfterCloseAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    [Trait("Rule", "FDS0002")]
    public class UseAfterCloseTests
    {
        private const string Usings = "using System;\nusing Mono.Unix.Native;\nusing FdSafety;\n";

        [Fact]
        public Task ReadAfterCloseIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, IntPtr buffer)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Syscall.close(fd);
        {|#0:Syscall.read(fd, buffer, 16)|};
    }
}
""", Verify.Diagnostic("FDS0002").WithLocation(0).WithArguments("fd", 8, ""));

        [Fact]
        public Task UseThroughAliasIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        int other = fd;
        Syscall.close(fd);
        {|FDS0002:Syscall.fsync(other)|};
    }
}
""");

        [Fact]
        public Task UseAfterCloseOnOneBranchIsReportedAsSomePath() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, bool done)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        if (done) Syscall.close(fd);
        {|#0:Syscall.fsync(fd)|};
        Syscall.close(fd);
    }
}
""", Verify.Diagnostic("FDS0002").WithLocation(0).WithArguments("fd", 8, " on some path"));

        [Fact]
        public Task UseInLoopAfterCloseInLoopIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, int n)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        for (int i = 0; i < n; i++)
        {
            {|FDS0002:Syscall.fsync(fd)|};
            if (i == 3) Syscall.close(fd);
        }
    }
}
""");

        [Fact]
        public Task OwnedFdUsedAfterDisposeIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        var file = Fd.Open(p, OpenFlags.O_RDONLY);
        file.Dispose();
        {|FDS0002:Fd.Read(file, new byte[16])|};
    }
}
""");

        [Fact]
        public Task AsRawFdAfterDisposeIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p)
    {
        var file = Fd.Open(p, OpenFlags.O_RDONLY);
        file.Dispose();
        return {|FDS0002:file.AsRawFd()|};
    }
}
""");

        [Fact]
        public Task UseAfterHelperClosedItIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void Shut(int fd) { Syscall.close(fd); }

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Shut(fd);
        {|FDS0002:Syscall.fsync(fd)|};
    }
}
""");

        [Fact]
        public Task UseBeforeCloseIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, IntPtr buffer)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Syscall.read(fd, buffer, 16);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task ReopenedVariableIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Syscall.close(fd);
        fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task CloseOnExitBranchThenUseIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, bool stop)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        if (stop)
        {
            Syscall.close(fd);
            return;
        }
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task UsingScopeEndsBeforeNextUseOfNewHandleIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        using (var a = Fd.Open(p, OpenFlags.O_RDONLY))
        {
            Fd.Read(a, new byte[1]);
        }
        using var b = Fd.Open(p, OpenFlags.O_RDONLY);
        Fd.Read(b, new byte[1]);
    }
}
""");

        [Fact]
        public Task UseOfBorrowedNumberAfterIntoRawFdIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        var file = Fd.Open(p, OpenFlags.O_RDONLY);
        int raw = file.IntoRawFd();
        Syscall.fsync(raw);
        Syscall.close(raw);
    }
}
""");
    }
}
