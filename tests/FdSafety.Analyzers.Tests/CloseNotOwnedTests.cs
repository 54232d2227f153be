using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.CloseNotOwnedAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// FDS0006: closing a descriptor this code does not own — the standard streams, a borrowed value,
    /// a SafeHandle's or OwnedFd's number, or one whose ownership moved to a new owner. Reported at the close.
    /// </summary>
    [Trait("Rule", "FDS0006")]
    public class CloseNotOwnedTests
    {
        // ---- standard streams ----

        [Theory]
        [InlineData("0")]
        [InlineData("1")]
        [InlineData("2")]
        public Task CloseOfStandardStreamLiteral(string n) => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        {|FDS0006:Syscall.close(" + n + @")|};
    }
}");

        [Fact]
        public Task MessageNamesTheStandardStream() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        Syscall.close(1);
    }
}", Verify.Diagnostic("FDS0006").WithSpan(7, 9, 7, 25).WithArguments("1", "a standard stream"));

        [Fact]
        public Task LocalHoldingStdoutClosed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        int fd = 1;
        {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task ConstantNamingStderrClosed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    const int ErrFd = 2;

    static void M()
    {
        {|FDS0006:Syscall.close(ErrFd)|};
    }
}");

        [Fact]
        public Task StdinOnOnePathClosed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, bool useStdin)
    {
        int fd = useStdin ? 0 : Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task StdinClosedOnlyWhenNotStdinIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, bool useStdin)
    {
        int fd = useStdin ? 0 : Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (fd != 0) Syscall.close(fd);
    }
}");

        [Fact]
        public Task StandardStreamsClosedOnlyAboveTwoIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, bool useStdin)
    {
        int fd = useStdin ? 0 : Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (fd > 2) Syscall.close(fd);
    }
}");

        [Fact]
        public Task StdinClosedOnTheBranchWhereItIsStdin() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p, bool useStdin)
    {
        int fd = useStdin ? 0 : Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (fd <= 2) {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task LocalReassignedFromStdoutToOwnedDescriptorIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = 1;
        fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task DllImportCloseOfStdout() => Verify.VerifyAsync(@"
using System.Runtime.InteropServices;
class C
{
    [DllImport(""libc"", SetLastError = true)]
    static extern int close(int fd);

    static void M()
    {
        {|FDS0006:close(1)|};
    }
}");

        [Fact]
        public Task DupOfStdinIsOwned() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M()
    {
        int copy = Syscall.dup(0);
        if (copy < 0) return;
        Syscall.close(copy);
    }
}");

        [Fact]
        public Task OwnDescriptorClosedIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.close(fd);
    }
}");

        // ---- SafeHandle ----

        [Fact]
        public Task SafeFileHandleNumberClosed() => Verify.VerifyAsync(@"
using System.IO;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        using SafeFileHandle handle = File.OpenHandle(p);
        {|FDS0006:Syscall.close((int)handle.DangerousGetHandle())|};
    }
}");

        [Fact]
        public Task SafeFileHandleNumberInLocalClosed() => Verify.VerifyAsync(@"
using System.IO;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        using SafeFileHandle handle = File.OpenHandle(p);
        int fd = (int)handle.DangerousGetHandle();
        Syscall.fsync(fd);
        {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task SafeFileHandleNumberThroughToInt32Closed() => Verify.VerifyAsync(@"
using System.IO;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        using SafeFileHandle handle = File.OpenHandle(p);
        int fd = handle.DangerousGetHandle().ToInt32();
        {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task DescriptorGivenToOwningSafeFileHandleThenClosed() => Verify.VerifyAsync(@"
using System;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
class C
{
    static SafeFileHandle M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return null;
        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        {|FDS0006:Syscall.close(fd)|};
        return handle;
    }
}");

        [Fact]
        public Task DescriptorLentToNonOwningSafeFileHandleThenClosedIsClean() => Verify.VerifyAsync(@"
using System;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using (var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: false))
        {
            GC.KeepAlive(handle);
        }
        Syscall.close(fd);
    }
}");

        // ---- UnixStream ----

        [Fact]
        public Task DescriptorOwnedByUnixStreamThenClosed() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using var stream = new UnixStream(fd, true);
        stream.ReadByte();
        {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task DescriptorOwnedByUnixStreamNamedArgumentThenClosed() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using var stream = new UnixStream(ownsHandle: true, fileDescriptor: fd);
        {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task DescriptorOwnedByOneArgumentUnixStreamThenClosed() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using var stream = new UnixStream(fd);
        {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task DescriptorLentToUnixStreamThenClosedIsClean() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using (var stream = new UnixStream(fd, false))
        {
            stream.ReadByte();
        }
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task DescriptorOwnedByUnixStreamOnOnePathThenClosed() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
class C
{
    static UnixStream M(string p, bool wrap)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return null;
        UnixStream stream = null;
        if (wrap) stream = new UnixStream(fd, true);
        {|FDS0006:Syscall.close(fd)|};
        return stream;
    }
}");

        // ---- the runtime's owners and borrows ----

        [Fact]
        public Task DescriptorOwnedByOwnedFdThenClosed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static OwnedFd M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return null;
        OwnedFd owned = OwnedFd.FromRawFd(fd);
        {|FDS0006:Syscall.close(fd)|};
        return owned;
    }
}");

        [Fact]
        public Task AsRawFdClosed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        using OwnedFd owned = Fd.Open(p, OpenFlags.O_RDONLY);
        {|FDS0006:Syscall.close(owned.AsRawFd())|};
    }
}");

        [Fact]
        public Task MessageGivesAsRawFdReason() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        using OwnedFd owned = Fd.Open(p, OpenFlags.O_RDONLY);
        int raw = owned.AsRawFd();
        Syscall.close(raw);
    }
}", Verify.Diagnostic("FDS0006").WithSpan(10, 9, 10, 27).WithArguments("raw", "OwnedFd.AsRawFd() only lends the number; the OwnedFd still owns it"));

        [Theory]
        [InlineData("Stdin")]
        [InlineData("Stdout")]
        [InlineData("Stderr")]
        public Task BorrowedStandardStreamClosed(string stream) => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M()
    {
        {|FDS0006:Syscall.close(BorrowedFd." + stream + @".AsRawFd())|};
    }
}");

        [Fact]
        public Task BorrowRawOfOwnDescriptorClosedThroughTheBorrow() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        BorrowedFd b = BorrowedFd.BorrowRaw(fd);
        {|FDS0006:Syscall.close(b.AsRawFd())|};
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task BorrowedFdParameterClosed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(BorrowedFd fd)
    {
        {|FDS0006:Syscall.close(fd.AsRawFd())|};
    }
}");

        [Fact]
        public Task BorrowsFdParameterClosed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M([BorrowsFd] int fd)
    {
        Syscall.fsync(fd);
        {|FDS0006:Syscall.close(fd)|};
    }
}");

        [Fact]
        public Task BorrowsFdAttributeDeclaredByTheProjectIsMatchedByName() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
namespace My
{
    [AttributeUsage(AttributeTargets.Parameter)]
    sealed class BorrowsFdAttribute : Attribute { }

    class C
    {
        static void M([BorrowsFd] int fd)
        {
            {|FDS0006:Syscall.close(fd)|};
        }
    }
}");

        [Fact]
        public Task PlainIntParameterClosedIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(int fd)
    {
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task ReleasesFdParameterClosedIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M([ReleasesFd] int fd)
    {
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task IntoRawFdThenCloseIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        OwnedFd owned = Fd.Open(p, OpenFlags.O_RDONLY);
        int fd = owned.IntoRawFd();
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task AsRawFdAfterIntoRawFdOfAnotherOwnerStillReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        using OwnedFd a = Fd.Open(p, OpenFlags.O_RDONLY);
        OwnedFd b = Fd.Open(p, OpenFlags.O_RDONLY);
        int mine = b.IntoRawFd();
        Syscall.close(mine);
        {|FDS0006:Syscall.close(a.AsRawFd())|};
    }
}");

        // ---- closes through a releasing call ----

        [Fact]
        public Task ReleasesFdMethodGivenABorrowedNumber() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void Release([ReleasesFd] int fd) => Syscall.close(fd);

    static void M(string p)
    {
        using OwnedFd owned = Fd.Open(p, OpenFlags.O_RDONLY);
        {|FDS0006:Release(owned.AsRawFd())|};
    }
}");

        [Fact]
        public Task HelperThatClosesItsParameterGivenStdout() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void CloseIt(int fd)
    {
        Syscall.close(fd);
    }

    static void M()
    {
        {|FDS0006:CloseIt(1)|};
    }
}");

        [Fact]
        public Task HelperThatOnlyUsesItsParameterGivenStdoutIsClean() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void SyncIt(int fd)
    {
        Syscall.fsync(fd);
    }

    static void M()
    {
        SyncIt(1);
    }
}");
        // ---- taking ownership of what is not ours is a close too ----

        [Fact]
        public Task OwnedFdFromStdout() => Verify.VerifyAsync(@"
using FdSafety;
class C
{
    static OwnedFd M() => {|FDS0006:OwnedFd.FromRawFd(1)|};
}");

        [Fact]
        public Task OwnedFdFromAnotherOwnersNumber() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        using OwnedFd a = Fd.Open(p, OpenFlags.O_RDONLY);
        using OwnedFd b = {|FDS0006:OwnedFd.FromRawFd(a.AsRawFd())|};
    }
}");

        [Fact]
        public Task OwningUnixStreamOverABorrowedParameter() => Verify.VerifyAsync(@"
using Mono.Unix;
using FdSafety;
class C
{
    static UnixStream M(BorrowedFd fd) => {|FDS0006:new UnixStream(fd.AsRawFd(), true)|};
}");

        [Fact]
        public Task ReleasesFdParameterGivenStdin() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void Release([ReleasesFd] int fd) => Syscall.close(fd);

    static void M()
    {
        {|FDS0006:Release(0)|};
    }
}");

        [Fact]
        public Task NonOwningUnixStreamOverStdoutIsClean() => Verify.VerifyAsync(@"
using Mono.Unix;
class C
{
    static void M()
    {
        using var s = new UnixStream(1, false);
        s.WriteByte(10);
    }
}");

        // ---- more not-owned sources and owned look-alikes ----

        [Fact]
        public Task IAsFdParameterClosed() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(IAsFd source)
    {
        {|FDS0006:Syscall.close(source.AsFd().AsRawFd())|};
    }
}");

        [Fact]
        public Task SafeHandleParameterNumberClosed() => Verify.VerifyAsync(@"
using System.Runtime.InteropServices;
using Mono.Unix.Native;
class C
{
    static void M(SafeHandle handle)
    {
        {|FDS0006:Syscall.close(handle.DangerousGetHandle().ToInt32())|};
    }
}");

        [Fact]
        public Task Dup2OntoStdoutIsNotAClose() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.dup2(fd, 1);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task FieldClosedInDisposeIsClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
sealed class C : IDisposable
{
    private int _fd = -1;

    public void Open(string p)
    {
        _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
    }

    public void Dispose()
    {
        if (_fd >= 0) Syscall.close(_fd);
        _fd = -1;
    }
}");

        [Fact]
        public Task DisposeOfOwnedFdIsNotReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        OwnedFd fd = Fd.Open(p, OpenFlags.O_RDONLY);
        fd.Dispose();
    }
}");

        [Fact]
        public Task NumberOfNonOwningSafeFileHandleOverOwnDescriptorIsClean() => Verify.VerifyAsync(@"
using System;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: false);
        Syscall.close((int)handle.DangerousGetHandle());
    }
}");
        // ---- a second owner for one descriptor ----

        [Fact]
        public Task TwoOwnersForOneDescriptor() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using OwnedFd a = OwnedFd.FromRawFd(fd);
        using OwnedFd b = {|FDS0006:OwnedFd.FromRawFd(fd)|};
    }
}");

        [Fact]
        public Task UnixStreamOwnerAfterOwnedFdOwner() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using OwnedFd a = OwnedFd.FromRawFd(fd);
        using var s = {|FDS0006:new UnixStream(fd, true)|};
    }
}");

        [Fact]
        public Task LendingAnOwnedNumberToANonOwningStreamIsClean() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
using FdSafety;
class C
{
    static int M(string p)
    {
        using OwnedFd a = Fd.Open(p, OpenFlags.O_RDONLY);
        using var s = new UnixStream(a.AsRawFd(), false);
        return s.ReadByte();
    }
}");

        [Fact]
        public Task OwnershipMovedBetweenOwnersIsClean() => Verify.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
using FdSafety;
class C
{
    static UnixStream M(string p)
    {
        OwnedFd a = Fd.Open(p, OpenFlags.O_RDONLY);
        OwnedFd b = OwnedFd.FromRawFd(a.IntoRawFd());
        return new UnixStream(b.IntoRawFd(), true);
    }
}");
    }
}
