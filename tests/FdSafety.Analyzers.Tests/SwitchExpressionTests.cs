using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Switch expressions and patterns: values flow through arms and pattern variables, a close inside an
    /// arm closes on that arm only, a value only tested in arms stays open, and the compiler's own throw
    /// for "no arm matched" is an implicit exception (followed only with fdsafety.exception_paths on).
    /// Every analyzer runs; each defect has a clean look-alike.
    /// </summary>
    [Trait("Rule", "FDS0003")]
    public class SwitchExpressionTests
    {
        private const string Usings = "using System;\nusing Mono.Unix.Native;\n";

        [Fact]
        public Task EveryArmYieldingTheDescriptorHandsItOn() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(int mode)
    {
        int fd = Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        int r = mode switch { 1 => fd, _ => fd };
        return Syscall.close(r);
    }
}
""");

        [Fact]
        public Task AVarPatternVariableIsTheTestedDescriptor() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M()
    {
        int fd = Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        int r = fd switch { var v => v };
        Syscall.close(r);
        if (fd is var same && same > 2) {|FDS0002:Syscall.read(same, IntPtr.Zero, 0)|};
    }
}
""");

        [Fact]
        public Task ACloseInOneArmLeaksOnTheOthers() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(int mode)
    {
        int fd = {|FDS0003:Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return -1;
        return mode switch { 1 => Syscall.close(fd), _ => 0 };
    }
}
""");

        [Fact]
        public Task ACloseInOneArmThenAgainAfterIsADoubleCloseOnThatArm() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(int mode)
    {
        int fd = Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        int r = mode switch { 1 => Syscall.close(fd), _ => 0 };
        {|FDS0001:Syscall.close(fd)|};
        return r;
    }
}
""");

        [Fact]
        public Task ACloseInEveryArmClosesIt() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(int mode)
    {
        int fd = Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        return mode switch { 1 => Syscall.close(fd), _ => Syscall.close(fd) + 1 };
    }
}
""");

        [Fact]
        public Task AValueOnlyTestedInArmsStaysOpen() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static string M()
    {
        int fd = {|FDS0003:Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        return fd switch { < 0 => "failed", 0 => "stdin?", _ => "open" };
    }
}
""");

        [Fact]
        public Task TestedInArmsThenClosedIsClean() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static string M()
    {
        int fd = Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        string s = fd switch { < 0 => "failed", _ => "open" };
        if (fd >= 0) Syscall.close(fd);
        return s;
    }
}
""");

        [Fact]
        public Task NoArmMatchedIsAnImplicitExceptionNotALeak() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(int mode)
    {
        int fd = Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        int r = mode switch { 1 => fd, 2 => fd };
        return Syscall.close(r);
    }
}
""");

        [Fact]
        public Task NoArmMatchedLeaksWithExceptionPathsOn() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(int mode)
    {
        int fd = {|FDS0003:Syscall.open("/x", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return -1;
        int r = mode switch { 1 => fd, 2 => fd };
        return Syscall.close(r);
    }
}
""", "fdsafety.exception_paths = true\n");
            [Fact]
        public Task AnAndPatternThatDeclaresTheDescriptorIsItsFailureCheck() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, IntPtr buf)
    {
        if (Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC) is int fd and >= 0)
        {
            Syscall.read(fd, buf, 16);
            Syscall.close(fd);
        }
    }
}
""");

        [Fact]
        public Task AnAndPatternDescriptorLeakedOnAnEarlyReturnIsReported() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static long M(string p, IntPtr buf)
    {
        if ({|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|} is int fd and >= 0)
        {
            if (Syscall.lseek(fd, 0, SeekFlags.SEEK_END) < 0) return -1;
            Syscall.close(fd);
        }
        return 0;
    }
}
""");

        [Fact]
        public Task AnAndPatternCopyIsTheCheckedDescriptor() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, IntPtr buf)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd is int d and >= 0)
        {
            Syscall.read(d, buf, 16);
            Syscall.close(d);
        }
    }
}
""");

        [Fact]
        public Task AnAndPatternWithATypeTestThatMayFailIsNoFailureCheck() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, IntPtr buf, object boxed)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (boxed is int n and >= 0 && n > 0) Console.WriteLine(n);
        Syscall.read({|FDS0005:fd|}, buf, 16);
        Syscall.close(fd);
    }
}
""");
    }
}
