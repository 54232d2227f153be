using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.DoubleCloseAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    [Trait("Rule", "FDS0001")]
    public class DoubleCloseTests
    {
        private const string Usings = "using System;\nusing Mono.Unix.Native;\nusing FdSafety;\n";

        [Fact]
        public Task SequentialCloseIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Syscall.close(fd);
        {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        [Fact]
        public Task MessageNamesVariableAndLine() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Syscall.close(fd);
        {|#0:Syscall.close(fd)|};
    }
}
""", Verify.Diagnostic("FDS0001").WithLocation(0).WithArguments("fd", 8, ""));

        [Fact]
        public Task CloseOnOneBranchThenAgainIsReportedAsSomePath() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, bool early)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        if (early) Syscall.close(fd);
        {|#0:Syscall.close(fd)|};
    }
}
""", Verify.Diagnostic("FDS0001").WithLocation(0).WithArguments("fd", 8, " on some path"));

        [Fact]
        public Task CloseThroughAliasIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        int copy = fd;
        Syscall.close(copy);
        {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        [Fact]
        public Task CloseInTryAndInFinallyIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        try
        {
            Syscall.fsync(fd);
            Syscall.close(fd);
        }
        finally
        {
            {|FDS0001:Syscall.close(fd)|};
        }
    }
}
""");

        [Fact]
        public Task CloseInsideLoopIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, int n)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        try
        {
            for (int i = 0; i < n; i++)
            {
                {|FDS0001:Syscall.close(fd)|};
            }
        }
        finally
        {
        }
    }
}
""");

        [Fact]
        public Task OwnedFdDisposedTwiceIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        var file = Fd.Open(p, OpenFlags.O_RDONLY);
        file.Dispose();
        {|FDS0001:file.Dispose()|};
    }
}
""");

        [Fact]
        public Task OwnedFdDisposedInsideUsingIsReportedWhereUsingDisposes() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        using (var {|FDS0001:file = Fd.Open(p, OpenFlags.O_RDONLY)|})
        {
            file.Dispose();
        }
    }
}
""");

        [Fact]
        public Task ReopenIntoSameVariableIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string a, string b)
    {
        int fd = Syscall.open(a, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Syscall.close(fd);
        fd = Syscall.open(b, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task SentinelPatternIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p, bool early)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        if (early)
        {
            Syscall.close(fd);
            fd = -1;
        }
        if (fd != -1) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task ClosingOnExclusiveBranchesIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static int M(string p, bool b)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return -1;
        if (b)
        {
            Syscall.close(fd);
            return 1;
        }
        else
        {
            Syscall.close(fd);
        }
        return 0;
    }
}
""");

        [Fact]
        public Task CloseOncePerLoopIterationIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string[] paths)
    {
        foreach (var p in paths)
        {
            int fd = Syscall.open(p, OpenFlags.O_RDONLY);
            if (fd < 0) continue;
            Syscall.close(fd);
        }
    }
}
""");

        [Fact]
        public Task UsingOnlyIsClean() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        using var file = Fd.Open(p, OpenFlags.O_RDONLY);
        using var copy = file.TryClone();
    }
}
""");

        [Fact]
        public Task DifferentDescriptorsAreIndependent() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(string p)
    {
        int a = Syscall.open(p, OpenFlags.O_RDONLY);
        if (a < 0) return;
        int b = Syscall.dup(a);
        Syscall.close(a);
        if (b >= 0) Syscall.close(b);
    }
}
""");

        [Fact]
        public Task CloseThroughHelperThenCloseIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void Release(int fd) => Syscall.close(fd);

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Release(fd);
        {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        [Fact]
        public Task ParameterClosedTwiceIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void M(int fd)
    {
        Syscall.close(fd);
        {|FDS0001:Syscall.close(fd)|};
    }
}
""");
    }
}
