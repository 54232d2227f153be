using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.IgnoredWriteAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    [Trait("Rule", "FDS0009")]
    public class IgnoredWriteTests
    {
        private const string Native = @"
static class Native
{
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern nint write(int fd, byte[] buf, nint count);
    [System.Runtime.InteropServices.DllImport(""libc"", EntryPoint = ""write"", SetLastError = true)]
    public static extern nint WriteBytes(int fd, byte[] buf, nint count);
    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    public static extern nint writev(int fd, System.IntPtr iov, int count);
    [System.Runtime.InteropServices.DllImport(""libfoo"", SetLastError = true)]
    public static extern nint foo_write(int fd, byte[] buf, nint count);
}";

        [Fact]
        public Task DroppedWriteIsReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(int fd)
    {
        {|#0:Syscall.write(fd, IntPtr.Zero, 0)|};
    }
}", Verify.Diagnostic("FDS0009").WithLocation(0).WithArguments("write"));

        [Fact]
        public Task DroppedWritesOfEveryKindAreReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(int fd, byte[] data, Sockaddr to, Msghdr msg, Iovec[] iov)
    {
        {|FDS0009:Syscall.pwrite(fd, IntPtr.Zero, 0, 0)|};
        {|FDS0009:Syscall.writev(fd, iov)|};
        {|FDS0009:Syscall.pwritev(fd, iov, 0)|};
        {|FDS0009:Syscall.send(fd, data, (ulong)data.Length, 0)|};
        {|FDS0009:Syscall.sendto(fd, data, (ulong)data.Length, 0, to)|};
        {|FDS0009:Syscall.sendmsg(fd, msg, 0)|};
        {|FDS0009:Native.write(fd, data, data.Length)|};
        {|FDS0009:Native.writev(fd, IntPtr.Zero, 0)|};
    }
}" + Native);

        [Fact]
        public Task DllImportWithEntryPointIsKnownByItsEntryPoint() => Verify.VerifyAsync(@"
class C
{
    static void M(int fd, byte[] data)
    {
        {|#0:Native.WriteBytes(fd, data, data.Length)|};
    }
}" + Native, Verify.Diagnostic("FDS0009").WithLocation(0).WithArguments("WriteBytes (write)"));

        [Fact]
        public Task DiscardIsDeliberate() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static void M(int fd, byte[] data)
    {
        _ = Syscall.write(fd, IntPtr.Zero, 0);
        _ = Native.write(fd, data, data.Length);
    }
}" + Native);

        [Fact]
        public Task UsedResultsAreClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static long Check(long n) => n;

    static long M(int fd, byte[] data)
    {
        long n = Syscall.write(fd, IntPtr.Zero, 0);
        if (Syscall.send(fd, data, (ulong)data.Length, 0) < 0) return -1;
        int off = 0;
        while (off < data.Length && (n = Native.write(fd, data, data.Length - off)) > 0) off += (int)n;
        Check(Syscall.write(fd, IntPtr.Zero, 0));
        var f = (Func<long>)(() => Syscall.write(fd, IntPtr.Zero, 0));
        return Syscall.write(fd, IntPtr.Zero, 0) + f();
    }
}" + Native);

        [Fact]
        public Task DroppedInAVoidLambdaIsReported() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static Action M(int fd) => () => {|FDS0009:Syscall.write(fd, IntPtr.Zero, 0)|};
}");

        [Fact]
        public Task RuntimeWriteDroppedIsReportedWriteAllIsNot() => Verify.VerifyAsync(@"
using FdSafety;
class C
{
    static int M(byte[] data)
    {
        {|#0:Fd.Write(BorrowedFd.Stdout, data)|};
        {|#1:Fd.PWrite(BorrowedFd.Stdout, data, 0)|};
        Fd.WriteAll(BorrowedFd.Stdout, data);
        _ = Fd.Write(BorrowedFd.Stdout, data);
        int n = Fd.Write(BorrowedFd.Stdout, data);
        return n;
    }
}",
            Verify.Diagnostic("FDS0009").WithLocation(0).WithArguments("Fd.Write"),
            Verify.Diagnostic("FDS0009").WithLocation(1).WithArguments("Fd.PWrite"));

        [Fact]
        public Task WritesThatAreNotLibcAreClean() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static int write(int fd, byte[] data) => data.Length;
    static long send(int fd) => fd;

    static void M(int fd, byte[] data, System.IO.Stream s)
    {
        write(fd, data);
        send(fd);
        Native.foo_write(fd, data, data.Length);
        s.Write(data, 0, data.Length);
        Syscall.read(fd, IntPtr.Zero, 0);
        Syscall.close(fd);
    }
}" + Native);

        [Fact]
        public Task BrokenCallsAreNotReported() => Verify.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(int fd)
    {
        Syscall.{|CS1501:write|}(fd);
        Syscall.write(fd, {|CS0103:Missing|}, 0);
    }
}");
    }
}
