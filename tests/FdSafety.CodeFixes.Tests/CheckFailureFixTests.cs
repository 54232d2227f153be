using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Route = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.UncheckedFailureAnalyzer, FdSafety.CodeFixes.RouteFailureFix>;
using Throw = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.UncheckedFailureAnalyzer, FdSafety.CodeFixes.ThrowOnFailureFix>;

namespace FdSafety.CodeFixes.Tests
{
    [Trait("Rule", "FDS0005")]
    public class CheckFailureFixTests
    {
        [Fact]
        public Task FailureTakesTheMethodsOwnMinusOnePath() => Route.VerifyAsync(@"
using Mono.Unix.Native;

class C
{
    static int OpenInput(string path)
    {
        if (path == ""-"") return 0;
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fstat({|FDS0005:fd|}, out Stat st);
        if ((st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFDIR)
        {
            return -1;
        }
        return fd;
    }
}", @"
using Mono.Unix.Native;

class C
{
    static int OpenInput(string path)
    {
        if (path == ""-"") return 0;
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        Syscall.fstat(fd, out Stat st);
        if ((st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFDIR)
        {
            return -1;
        }
        return fd;
    }
}");

        [Fact]
        public Task NoBulkFixWithoutAnExistingFailurePath() => Route.VerifyNoFixAsync(@"
using Mono.Unix.Native;

class C
{
    static int M(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
        return 0;
    }
}");

        [Fact]
        public Task OneAtATimeTheFailureThrowsWithErrnoAndPath()
        {
            var test = new Throw.Test
            {
                TestCode = @"
using Mono.Unix.Native;

class C
{
    static int M(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
        return 0;
    }
}",
                FixedCode = @"
using FdSafety;
using Mono.Unix.Native;

class C
{
    static int M(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new PosixException(Stdlib.GetLastError(), ""open"", path);
        Syscall.fsync(fd);
        Syscall.close(fd);
        return 0;
    }
}",
            };
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
            return test.RunAsync(CancellationToken.None);
        }
    }
}
