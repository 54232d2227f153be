using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.CloseNotOwnedAnalyzer, FdSafety.CodeFixes.RemoveCloseFix>;

namespace FdSafety.CodeFixes.Tests
{
    [Trait("Rule", "FDS0006")]
    public class RemoveCloseFixTests
    {
        [Fact]
        public Task CloseOfAStandardStreamIsRemoved() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        Syscall.fsync(1);
        // done with the output
        {|FDS0006:Syscall.close(1)|};
        Syscall.fsync(2);
    }
}", @"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        Syscall.fsync(1);
        Syscall.fsync(2);
    }
}");

        [Fact]
        public Task CloseOfABorrowedOrOwnedNumberIsRemoved() => Verify.VerifyAsync(@"
using FdSafety;
using Mono.Unix.Native;
class C
{
    static void M(BorrowedFd b, OwnedFd owned)
    {
        {|FDS0006:Syscall.close(b.AsRawFd())|};
        {|FDS0006:Syscall.close(owned.AsRawFd())|};
        owned.Dispose();
    }
}", @"
using FdSafety;
using Mono.Unix.Native;
class C
{
    static void M(BorrowedFd b, OwnedFd owned)
    {
        owned.Dispose();
    }
}");

        [Fact]
        public Task CloseOfAHandlesNumberIsRemoved() => Verify.VerifyAsync(@"
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
class C
{
    static void M(SafeFileHandle handle)
    {
        {|FDS0006:Syscall.close((int)handle.DangerousGetHandle())|};
    }
}", @"
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
class C
{
    static void M(SafeFileHandle handle)
    {
    }
}");

        [Fact]
        public Task NoFixWhenTheCloseIsMoreThanAStatementOrNotAClose() => Verify.VerifyNoFixAsync(@"
using FdSafety;
using Mono.Unix.Native;
class C
{
    static void Release([ReleasesFd] int fd) { Syscall.close(fd); }
    static int M(bool quiet)
    {
        if (quiet) {|FDS0006:Syscall.close(1)|};
        {|FDS0006:Release(0)|};
        return {|FDS0006:Syscall.close(2)|};
    }
    static OwnedFd N() => {|FDS0006:OwnedFd.FromRawFd(1)|};
}");
    }
}
