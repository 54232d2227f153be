using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Helpers that always throw end the path like a throw; helpers and assertions that throw when a value is
    /// -1 check it. Every analyzer runs on each program, so a false report of any rule fails the test; the
    /// look-alikes that do not throw or do not check are still reported.
    /// </summary>
    [Trait("Rule", "FDS0005")]
    public class ThrowAndCheckHelperTests
    {
        private const string Usings = "using System;\nusing System.IO;\nusing Mono.Unix;\nusing Mono.Unix.Native;\n";

        [Fact]
        public Task HelpersOfTheCompilationThatAlwaysThrowEndThePath() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Fail(string message) => throw new IOException(message);
    static void FailLogged(string message) { Console.Error.WriteLine(message); Fail(message); }
    static void FailEitherWay(bool quiet) { if (quiet) throw new IOException(); else throw new InvalidOperationException(); }
    static void FailInTry() { try { throw new IOException(); } finally { Console.WriteLine(); } }

    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) Fail(p);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void B(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd == -1) FailLogged(p);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void D(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) { FailEitherWay(true); }
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void E(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) FailInTry();
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void Local(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) Throw();
        Syscall.fsync(fd);
        Syscall.close(fd);
        static void Throw() => throw new IOException();
    }
}
""");

        [Fact]
        public Task WellKnownThrowHelpersEndThePath() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) UnixMarshal.ThrowExceptionForLastError();
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void B(string p, Exception captured)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(captured);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AThrowHelperCallIsAnExitWhereOtherDescriptorsLeak() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Fail(string message) => throw new IOException(message);

    static void Copy(string from, string to)
    {
        int input = {|FDS0003:Syscall.open(from, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (input < 0) Fail(from);
        int output = Syscall.open(to, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        if (output < 0) Fail(to);
        Syscall.close(output);
        Syscall.close(input);
    }
}
""");

        [Fact]
        public Task HelpersThatMayReturnAreNoCheck() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Log(string message) => Console.Error.WriteLine(message);
    static void MaybeFail(bool really) { if (really) throw new IOException(); }
    static void FailUnlessRetried(int tries) { if (tries > 3) throw new IOException(); else Console.WriteLine(tries); }
    static System.Collections.Generic.IEnumerable<int> Iterator() { yield return 1; throw new IOException(); }
    static async System.Threading.Tasks.Task FailLater() { await System.Threading.Tasks.Task.Yield(); throw new IOException(); }

    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) Log(p);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }

    static void B(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) MaybeFail(p.Length > 0);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }

    static void D(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) FailUnlessRetried(p.Length);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }

    static void E(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) Iterator();
        Syscall.fsync({|FDS0005:fd|});
        if (fd < 0) _ = FailLater();
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task CheckHelpersCheckTheirArgument() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int Check(int result) { if (result < 0) throw new IOException("failed"); return result; }
    static void CheckVoid(int result, string what) { if (result == -1) throw new IOException(what); }
    static void CheckEither(int result, string what) { if (what == null || result <= -1) throw new IOException(what); }
    static void Guard(int result) { ArgumentOutOfRangeException.ThrowIfNegative(result); }

    static void A(string p)
    {
        int fd = Check(Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC));
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void B(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        CheckVoid(fd, p);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void D(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        CheckEither(fd, p);
        Guard(fd);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void Mono(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        UnixMarshal.ThrowExceptionForLastErrorIf(fd);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task HelpersThatCheckSomethingElseAreNoCheck() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    // Given an acquired descriptor, these parameters carry one (FDS0004); none of them checks it.
    static void CheckPositiveLength(int {|FDS0004:length|}) { if (length > 100) throw new IOException(); }
    static void CheckOther(int {|FDS0004:result|}, int other) { if (other < 0) throw new IOException(); }
    static void CheckThenChange(int {|FDS0004:result|}) { if (result < 0) throw new IOException(); result = -1; Console.WriteLine(result); }
    static int Echo(int {|FDS0004:result|}) => result;

    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        CheckPositiveLength(fd);
        CheckOther(fd, p.Length);
        CheckThenChange(fd);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }

    static void B(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Echo(fd);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task DebugAssertAndDoesNotReturnIfCheck() => AllAnalyzers.VerifyAsync(Usings + """
using System.Diagnostics.CodeAnalysis;
static class C
{
    static void Ensure([DoesNotReturnIf(false)] bool condition) { if (!condition) throw new IOException(); }

    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        System.Diagnostics.Debug.Assert(fd >= 0);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void B(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Ensure(fd != -1);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void NotACheck(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Ensure(p.Length > 0);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task DescriptorsStoredIntoTheCallersArrayAreHandedOn() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    static extern int pipe2(int[] fds, int flags);

    static int MakePipe(int[] fds)
    {
        int[] raw = new int[2];
        if (pipe2(raw, 0x80000) != 0) return -1;
        fds[0] = raw[0];
        fds[1] = raw[1];
        return 0;
    }

    static void OpenBoth(string a, string b, int[] into)
    {
        int x = Syscall.open(a, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (x < 0) return;
        int y = {|FDS0003:Syscall.open(b, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (y < 0) { Syscall.close(x); return; }
        into[0] = x;
    }
}
""");

        [Fact]
        public Task IntPtrConversionsKeepTheDescriptor() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        IntPtr handle = new IntPtr(fd);
        Syscall.close(handle.ToInt32());
        {|FDS0002:Syscall.fsync((int)handle)|};
    }

    static void B(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        nint n = (nint)fd;
        Syscall.fsync((int)n);
    }
}
""");

        [Fact]
        public Task ACheckHelperOnAPipeStatusChecksBothEnds() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static (UnixStream, UnixStream) Create()
    {
        int r = {|FDS0007:Syscall.pipe(out int reading, out int writing)|};
        UnixMarshal.ThrowExceptionForLastErrorIf(r);
        return (new UnixStream(reading), new UnixStream(writing));
    }
}
""");

        /// <summary>The shapes of the three test frameworks' assertions (declared here: the tests reference none of them).</summary>
        private const string Frameworks = """
namespace Xunit
{
    public static class Assert
    {
        public static void True(bool condition) { if (!condition) throw new System.Exception(); }
        public static void False(bool condition) { if (condition) throw new System.Exception(); }
        public static void Equal<T>(T expected, T actual) { if (!Equals(expected, actual)) throw new System.Exception(); }
        public static void NotEqual<T>(T expected, T actual) { if (Equals(expected, actual)) throw new System.Exception(); }
        public static void InRange<T>(T actual, T low, T high) { }
        public static void Fail(string message) => throw new System.Exception(message);
    }
}
namespace NUnit.Framework
{
    public static class Assert
    {
        public static void IsTrue(bool condition) { if (!condition) throw new System.Exception(); }
        public static void AreEqual(object expected, object actual) { if (!Equals(expected, actual)) throw new System.Exception(); }
        public static void AreNotEqual(object expected, object actual) { if (Equals(expected, actual)) throw new System.Exception(); }
        public static void GreaterOrEqual(int arg1, int arg2) { if (arg1 < arg2) throw new System.Exception(); }
        public static void Fail(string message) => throw new System.Exception(message);
    }
}
namespace Microsoft.VisualStudio.TestTools.UnitTesting
{
    public static class Assert
    {
        public static void IsFalse(bool condition) { if (condition) throw new System.Exception(); }
        public static void AreNotEqual<T>(T notExpected, T actual) { if (Equals(notExpected, actual)) throw new System.Exception(); }
    }
}
""";

        [Fact]
        public Task TestAssertionsCheck() => AllAnalyzers.VerifyAsync(Usings + """
static class Xunit_
{
    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Xunit.Assert.True(fd >= 0);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void B(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Xunit.Assert.NotEqual(-1, fd);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void Pipe()
    {
        int[] fds = new int[2];
        Xunit.Assert.Equal(0, {|FDS0007:Syscall.pipe(fds)|});
        Syscall.close(fds[0]);
        Syscall.close(fds[1]);
    }

    static void D(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Xunit.Assert.False(fd < 0);
        Xunit.Assert.InRange(fd, 0, 1000);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void E(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) Xunit.Assert.Fail(p);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void Unchecked(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Xunit.Assert.True(p.Length > 0);
        Xunit.Assert.NotEqual(0, fd);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}
static class NUnit_
{
    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        NUnit.Framework.Assert.IsTrue(fd != -1);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void B(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        NUnit.Framework.Assert.AreNotEqual(-1, fd);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void D(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        NUnit.Framework.Assert.GreaterOrEqual(fd, 0);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}
static class MSTest_
{
    static void A(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.IsFalse(fd == -1);
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreNotEqual(-1, fd);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}
""" + Frameworks);
    }
}
