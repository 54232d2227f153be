using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Summaries that depend on the call: a helper that closes only a valid argument closes a descriptor
    /// known to be open; a helper that closes only when it returns one bool closes on that branch of the
    /// caller's test; a `bool TryOpen(string, out int fd)` hands a descriptor out through `out`. Every
    /// analyzer runs (the helpers' raw int parameters are FDS0004); each defect has a clean look-alike.
    /// </summary>
    [Trait("Category", "Interprocedural")]
    public class CallDependentSummaryTests
    {
        private const string Usings = "using System;\nusing Mono.Unix.Native;\n";

        private const string SafeClose = "    static void SafeClose(int {|FDS0004:fd|}) { if (fd >= 0) Syscall.close(fd); }\n";

        [Fact]
        public Task AHelperThatClosesAValidArgumentClosesIt() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + SafeClose + """
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.fsync(fd);
        SafeClose(fd);
    }
}
""");

        [Fact]
        public Task UseAfterAHelperThatClosesAValidArgument() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + SafeClose + """
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        SafeClose(fd);
        {|FDS0002:Syscall.fsync(fd)|};
    }
}
""");

        [Fact]
        public Task CloseAfterAHelperThatClosesAValidArgumentIsADoubleClose() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + SafeClose + """
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        SafeClose(fd);
        if (fd >= 0) {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        private const string TryFinish = """
    static bool TryFinish(int {|FDS0004:fd|})
    {
        if (Syscall.fsync(fd) < 0)
        {
            Syscall.close(fd);
            return false;
        }
        return true;
    }

""";

        [Fact]
        public Task AHelperThatClosesOnFailureClosesOnTheFailureBranch() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + TryFinish + """
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        if (!TryFinish(fd)) return -1;
        return Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task ClosingAgainOnTheFailureBranchIsADoubleClose() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + TryFinish + """
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        if (!TryFinish(fd))
        {
            {|FDS0001:Syscall.close(fd)|};
            return -1;
        }
        return Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task NotClosingOnTheSuccessBranchLeaks() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + TryFinish + """
    static bool M(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return false;
        return TryFinish(fd);
    }
}
""");

        private const string TryOpen = """
    static bool TryOpen(string p, out int {|FDS0004:fd|})
    {
        fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }

""";

        [Fact]
        public Task ADescriptorFromATryMethodsOutParameterMustBeClosed() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + TryOpen + """
    static void M(string p)
    {
        if (!{|FDS0003:TryOpen(p, out int fd)|}) return;
        Syscall.fsync(fd);
    }
}
""");

        [Fact]
        public Task ADescriptorFromATryMethodsOutParameterClosedIsClean() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + TryOpen + """
    static void M(string p)
    {
        if (!TryOpen(p, out int fd)) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void N(string p)
    {
        if (TryOpen(p, out int fd))
        {
            Syscall.close(fd);
        }
    }
}
""");

        [Fact]
        public Task ATryMethodThatClosesOnItsOwnFailurePathHandsOutOnlyOnSuccess() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static bool TryOpenChecked(string p, out int {|FDS0004:fd|})
    {
        fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return false;
        if (Syscall.fsync(fd) < 0)
        {
            Syscall.close(fd);
            fd = -1;
            return false;
        }
        return true;
    }

    static void M(string p)
    {
        if (!TryOpenChecked(p, out int fd)) return;
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AnOutCountIsNoDescriptor() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static bool TryCount(string p, out int count)
    {
        count = p.Length;
        return count > 0;
    }

    static void M(string p)
    {
        if (!TryCount(p, out int n)) return;
        Console.WriteLine(n);
    }
}
""");

        private const string CloseIf = "    static void CloseIf(int {|FDS0004:fd|}, bool close) { Syscall.fsync(fd); if (close) Syscall.close(fd); }\n";

        [Fact]
        public Task ABoolArgumentThatAsksForTheCloseCloses() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + CloseIf + """
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        CloseIf(fd, true);
    }

    static void N(string p, bool mine)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        CloseIf(fd, mine);
    }
}
""");

        [Fact]
        public Task ABoolArgumentThatDeclinesTheCloseLeavesItOpen() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + CloseIf + """
    static void M(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        CloseIf(fd, false);
    }

    static void N(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        CloseIf(fd, true);
        {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        private const string ArrayHelpers = """
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern int pipe2(int[] fds, int flags);
    static void CloseAll(int[] fds) { foreach (var f in fds) Syscall.close(f); }
    static void CloseEach(int[] fds) { for (int i = 0; i < fds.Length; i++) Syscall.close(fds[i]); }
    static void CloseBoth(int[] fds) { Syscall.close(fds[0]); Syscall.close(fds[1]); }
    static void SyncAll(int[] fds) { foreach (var f in fds) Syscall.fsync(f); }

""";

        [Fact]
        public Task AHelperThatClosesTheElementsOfAnArrayClosesThePipeEnds() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + ArrayHelpers + """
    static void A() { int[] fds = new int[2]; if (pipe2(fds, 0x80000) < 0) return; CloseAll(fds); }
    static void B() { int[] fds = new int[2]; if (pipe2(fds, 0x80000) < 0) return; CloseEach(fds); }
    static void D() { int[] fds = new int[2]; if (pipe2(fds, 0x80000) < 0) return; CloseBoth(fds); }
}
""");

        [Fact]
        public Task AHelperThatOnlyUsesTheElementsLeavesThemOpenAndAClosedElementIsNotClosedAgain() => AllAnalyzers.VerifyAsync(Usings + "static class C\n{\n" + ArrayHelpers + """
    static void A()
    {
        int[] fds = new int[2];
        if ({|#0:pipe2(fds, 0x80000)|} < 0) return;
        SyncAll(fds);
    {|#1:}|}

    static void B()
    {
        int[] fds = new int[2];
        if (pipe2(fds, 0x80000) < 0) return;
        CloseAll(fds);
        {|FDS0001:Syscall.close(fds[0])|};
    }
}
""", new Microsoft.CodeAnalysis.Testing.DiagnosticResult("FDS0003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1).WithArguments("fds[0]", 13, " (it is lost at the end of the method on line 15)"),
    new Microsoft.CodeAnalysis.Testing.DiagnosticResult("FDS0003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1).WithArguments("fds[1]", 13, " (it is lost at the end of the method on line 15)"));
            [Fact]
        public Task ARefHelperThatClosesAndResetsLeavesMinusOneInTheCallersVariable() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void CloseAndReset(ref int {|FDS0004:fd|}) { if (fd >= 0) { Syscall.close(fd); fd = -1; } }
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        CloseAndReset(ref fd);
        if (fd >= 0) Syscall.close(fd);
        CloseAndReset(ref fd);
    }
}
""");

        [Fact]
        public Task ARefHelperThatClosesWithoutResettingLeavesTheClosedDescriptor() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void CloseOnly(ref int {|FDS0004:fd|}) { Syscall.close(fd); }
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        CloseOnly(ref fd);
        if (fd >= 0) {|FDS0001:Syscall.close(fd)|};
    }
}
""");
            [Fact]
        public Task AHelperThatClosesItsArraysElementsClosesWhatANewArrayOrParamsCallPutsThere() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void CloseAll(params int[] fds) { foreach (int fd in fds) Syscall.close(fd); }
    static void M(string p, string q)
    {
        int r = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (r < 0) return;
        int w = Syscall.open(q, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (w < 0)
        {
            CloseAll(new[] { r });
            return;
        }
        CloseAll(r, w);
    }
}
""");

        [Fact]
        public Task AHelperThatOnlyUsesItsArraysElementsLeavesThemOpen() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void SyncAll(params int[] fds) { foreach (int fd in fds) Syscall.fsync(fd); }
    static void M(string p, string q)
    {
        int r = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (r < 0) return;
        int w = {|FDS0003:Syscall.open(q, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC)|};
        if (w < 0) return;
        SyncAll(r, w);
    }
}
""");
    }
}
