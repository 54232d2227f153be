using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.RawFdBoundaryAnalyzer, FdSafety.CodeFixes.RawFdBoundaryFix>;

namespace FdSafety.CodeFixes.Tests
{
    [Trait("Rule", "FDS0004")]
    public class BorrowedFdParameterFixTests
    {
        [Fact]
        public Task UsedParameterBecomesBorrowedAndCallersInOtherFilesLendTheirOwners()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Util.cs", @"
using Mono.Unix.Native;

static class Util
{
    internal static bool Sync(int {|FDS0004:fd|}, bool data)
    {
        return (data ? Syscall.fdatasync(fd) : Syscall.fsync(fd)) == 0;
    }

    internal static long Size(int {|FDS0004:fd|}) => Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;
}"));
            test.TestState.Sources.Add(("/0/User.cs", @"
using FdSafety;

static class User
{
    static long M(OwnedFd file, BorrowedFd lent)
    {
        Util.Sync(file.AsRawFd(), true);
        Util.Sync(lent.AsRawFd(), data: false);
        Util.Sync(1, false);
        return Util.Size(file.AsRawFd());
    }
}"));
            test.FixedState.Sources.Add(("/0/Util.cs", @"
using FdSafety;
using Mono.Unix.Native;

static class Util
{
    internal static bool Sync(BorrowedFd fd, bool data)
    {
        return (data ? Syscall.fdatasync(fd.AsRawFd()) : Syscall.fsync(fd.AsRawFd())) == 0;
    }

    internal static long Size(BorrowedFd fd) => Syscall.fstat(fd.AsRawFd(), out Stat st) == 0 ? st.st_size : -1;
}"));
            test.FixedState.Sources.Add(("/0/User.cs", @"
using FdSafety;

static class User
{
    static long M(OwnedFd file, BorrowedFd lent)
    {
        Util.Sync(file, true);
        Util.Sync(lent, data: false);
        Util.Sync(BorrowedFd.Stdout, false);
        return Util.Size(file);
    }
}"));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task CallersInAnotherProjectChangeInTheSameFix()
        {
            var test = new Verify.Test();
            test.TestState.AdditionalProjects["Lib"].Sources.Add(("/Lib/Util.cs", @"
using Mono.Unix.Native;

public static class Util
{
    public static int Sync(int {|FDS0004:fd|}) => Syscall.fsync(fd);
}"));
            test.TestState.AdditionalProjects["Lib"].AdditionalReferences.AddRange(FdSafety.Analyzers.Tests.Verifiers.TestReferences.All);
            test.TestState.AdditionalProjectReferences.Add("Lib");
            test.TestState.Sources.Add(("/0/User.cs", @"
using FdSafety;

static class User
{
    static int M(OwnedFd file) => Util.Sync(file.AsRawFd());
}"));
            test.FixedState.AdditionalProjects["Lib"].Sources.Add(("/Lib/Util.cs", @"
using FdSafety;
using Mono.Unix.Native;

public static class Util
{
    public static int Sync(BorrowedFd fd) => Syscall.fsync(fd.AsRawFd());
}"));
            test.FixedState.AdditionalProjects["Lib"].AdditionalReferences.AddRange(FdSafety.Analyzers.Tests.Verifiers.TestReferences.All);
            test.FixedState.AdditionalProjectReferences.Add("Lib");
            test.FixedState.Sources.Add(("/0/User.cs", @"
using FdSafety;

static class User
{
    static int M(OwnedFd file) => Util.Sync(file);
}"));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task CallerAboveTheMethodInTheSameFileAndAnUnsafeHelper() => Verify.VerifyAsync(@"
using FdSafety;
using Mono.Unix.Native;

static class C
{
    static unsafe int M(OwnedFd output, byte* buf, long n)
    {
        if (!WriteAll(output.AsRawFd(), buf, n)) return 1;
        return 0;
    }

    private static unsafe bool WriteAll(int {|FDS0004:fd|}, byte* buf, long n)
    {
        long done = 0;
        while (done < n)
        {
            long w = Syscall.write(fd, buf + done, (ulong)(n - done));
            if (w < 0) return false;
            done += w;
        }
        return true;
    }
}", @"
using FdSafety;
using Mono.Unix.Native;

static class C
{
    static unsafe int M(OwnedFd output, byte* buf, long n)
    {
        if (!WriteAll(output, buf, n)) return 1;
        return 0;
    }

    private static unsafe bool WriteAll(BorrowedFd fd, byte* buf, long n)
    {
        long done = 0;
        while (done < n)
        {
            long w = Syscall.write(fd.AsRawFd(), buf + done, (ulong)(n - done));
            if (w < 0) return false;
            done += w;
        }
        return true;
    }
}");

        [Fact]
        public Task NoBorrowWhenACallerPassesARawNumberAndTheClosingMethodTakesOwnershipInstead() => new Verify.Test
        {
            TestCode = @"
using Mono.Unix.Native;

static class C
{
    static int Sync(int {|FDS0004:fd|}) => Syscall.fsync(fd);
    static void Shut(int {|FDS0004:fd|}) { Syscall.close(fd); }

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Sync(fd);
        Shut(fd);
    }
}",
            FixedCode = @"
using FdSafety;
using Mono.Unix.Native;

static class C
{
    static int Sync(int {|FDS0004:fd|}) => Syscall.fsync(fd);
    static void Shut(OwnedFd fd) { fd.Dispose(); }

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Sync(fd);
        Shut(OwnedFd.FromRawFd(fd));
    }
}",
            // Sync's finding stays (its caller passes a raw number): marked in the fixed code too.
            FixedState = { MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow },
        }.RunAsync(CancellationToken.None);
    }
}
