using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.LeakAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    [Trait("Rule", "FDS0003")]
    public class LeakTests
    {
        [Fact]
        public Task EarlyReturnLeaks() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p, bool quit)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return -1;
        if (quit) return 0;
        Syscall.close(fd);
        return 1;
    }
}");

        [Fact]
        public Task ClosedOnEveryPathIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
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
}");
    }
}
