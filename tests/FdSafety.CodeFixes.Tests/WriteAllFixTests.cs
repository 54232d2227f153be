using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.IgnoredWriteAnalyzer, FdSafety.CodeFixes.WriteAllFix>;

namespace FdSafety.CodeFixes.Tests
{
    [Trait("Rule", "FDS0009")]
    public class WriteAllFixTests
    {
        [Fact]
        public Task PointerWriteBecomesALoopThatStopsSilentlyOnError() => Verify.VerifyAsync(@"
using System.Text;
using Mono.Unix.Native;

class C
{
    static unsafe void Warn(string message)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(message);
        fixed (byte* p = bytes)
        {
            {|FDS0009:Syscall.write(2, p, (ulong)bytes.Length)|};
        }
    }
}", @"
using System.Text;
using Mono.Unix.Native;

class C
{
    static unsafe void Warn(string message)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(message);
        fixed (byte* p = bytes)
        {
            for (ulong done = 0; done < (ulong)bytes.Length;)
            {
                long written = Syscall.write(2, p + done, (ulong)bytes.Length - done);
                if (written <= 0) break;
                done += (ulong)written;
            }
        }
    }
}");

        [Fact]
        public Task IntPtrWriteUnderAnIfBecomesALoop() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;

class C
{
    static void M(int fd, IntPtr buf, ulong n, bool verbose)
    {
        if (verbose)
            {|FDS0009:Syscall.write(fd, buf, n)|};
    }
}", @"
using System;
using Mono.Unix.Native;

class C
{
    static void M(int fd, IntPtr buf, ulong n, bool verbose)
    {
        if (verbose)
            for (ulong done = 0; done < n;)
            {
                long written = Syscall.write(fd, buf + (nint)done, n - done);
                if (written <= 0) break;
                done += (ulong)written;
            }
    }
}");

        [Fact]
        public Task RuntimeWriteBecomesWriteAll() => Verify.VerifyAsync(@"
using System;
using FdSafety;

class C
{
    static void M(OwnedFd fd, byte[] data)
    {
        {|FDS0009:Fd.Write(fd, data)|};
    }
}", @"
using System;
using FdSafety;

class C
{
    static void M(OwnedFd fd, byte[] data)
    {
        Fd.WriteAll(fd, data);
    }
}");

        [Fact]
        public Task NoFixWhenAnArgumentHasEffectsOrTheBufferCannotBeStepped() => Verify.VerifyNoFixAsync(@"
using System;
using Mono.Unix.Native;

class C
{
    static IntPtr Next() => IntPtr.Zero;

    [System.Runtime.InteropServices.DllImport(""libc"", SetLastError = true)]
    static extern int write(int fd, byte[] buf, int count);

    static void M(int fd, byte[] data)
    {
        {|FDS0009:Syscall.write(fd, Next(), 10)|};
        {|FDS0009:write(fd, data, data.Length)|};
    }
}");
    }
}
