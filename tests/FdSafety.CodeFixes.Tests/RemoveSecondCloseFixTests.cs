using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.DoubleCloseAnalyzer, FdSafety.CodeFixes.RemoveCloseFix>;

namespace FdSafety.CodeFixes.Tests
{
    [Trait("Rule", "FDS0001")]
    public class RemoveSecondCloseFixTests
    {
        [Fact]
        public Task SecondCloseOnEveryPathIsRemoved() => Verify.VerifyAsync(@"
using Mono.Unix.Native;

class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        int copy = fd;
        Syscall.close(copy);
        {|FDS0001:Syscall.close(fd)|};
        Syscall.sync();
    }
}", @"
using Mono.Unix.Native;

class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        int copy = fd;
        Syscall.close(copy);
        Syscall.sync();
    }
}");

        [Fact]
        public Task SecondDisposeIsRemoved() => Verify.VerifyAsync(@"
using FdSafety;
using Mono.Unix.Native;

class C
{
    static void M(string p)
    {
        var file = Fd.Open(p, OpenFlags.O_RDONLY);
        file.Dispose();
        {|FDS0001:file.Dispose()|};
    }
}", @"
using FdSafety;
using Mono.Unix.Native;

class C
{
    static void M(string p)
    {
        var file = Fd.Open(p, OpenFlags.O_RDONLY);
        file.Dispose();
    }
}");

        [Fact]
        public Task NoFixWhenClosedOnSomePathOnlyOrTheResultIsUsed() => Verify.VerifyNoFixAsync(@"
using Mono.Unix.Native;

class C
{
    static int M(string p, bool early)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return -1;
        if (early) Syscall.close(fd);
        {|FDS0001:Syscall.close(fd)|};
        return 0;
    }

    static int N(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return -1;
        Syscall.close(fd);
        return {|FDS0001:Syscall.close(fd)|};
    }
}");
    }
}
