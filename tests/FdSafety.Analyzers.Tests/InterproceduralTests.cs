using System.Threading.Tasks;
using Xunit;
using DoubleClose = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.DoubleCloseAnalyzer>;
using Leak = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.LeakAnalyzer>;
using Unchecked = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.UncheckedFailureAnalyzer>;
using UseAfterClose = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.UseAfterCloseAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>Summaries of the compilation's own methods, the fd attributes and the fdsafety.*_methods options.</summary>
    [Trait("Category", "Interprocedural")]
    public class InterproceduralTests
    {
        private const string Usings = "using System;\nusing Mono.Unix.Native;\nusing FdSafety;\n";

        [Fact]
        public Task HelperThatOnlyUsesLeavesTheDescriptorOpen() => Leak.VerifyAsync(Usings + """
class C
{
    static void Sync(int fd) { Syscall.fsync(fd); }

    static void M(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY)|};
        if (fd < 0) return;
        Sync(fd);
    }
}
""");

        [Fact]
        public Task HelperThatClosesCountsAsTheClose() => Leak.VerifyAsync(Usings + """
class C
{
    static void Shut(int fd) { if (fd >= 0) Syscall.close(fd); }

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Shut(fd);
    }
}
""");

        [Fact]
        public Task HelperChainsAreFollowed() => DoubleClose.VerifyAsync(Usings + """
class C
{
    static void Inner(int fd) => Syscall.close(fd);
    static void Outer(int fd) => Inner(fd);

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Outer(fd);
        {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        [Fact]
        public Task HelperThatKeepsTheDescriptorTakesOwnership() => Leak.VerifyAsync(Usings + """
class Registry
{
    private readonly System.Collections.Generic.List<OwnedFd> _open = new System.Collections.Generic.List<OwnedFd>();
    private int _last = -1;

    void Keep(int fd) { _last = fd; }

    void Release() { Syscall.close(_last); }

    void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Keep(fd);
    }
}
""");

        [Fact]
        public Task ConstructorAndMethodThatKeepAnOwnedFdInAFieldTakeIt() => Leak.VerifyAsync(Usings + """
sealed class Holder
{
    private readonly OwnedFd _first;
    private OwnedFd _second;

    public Holder(OwnedFd first) { _first = first; }

    public void Keep(OwnedFd second) { _second = second; }

    public OwnedFd Second => _second;

    static Holder Make(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return null;
        var holder = new Holder(OwnedFd.FromRawFd(fd));
        int fd2 = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd2 < 0) return holder;
        holder.Keep(OwnedFd.FromRawFd(fd2));
        return holder;
    }

    static void Lost(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        OwnedFd owner = {|FDS0003:OwnedFd.FromRawFd(fd)|};
        Print(owner);
    }

    static void Print(OwnedFd owner) { System.Console.WriteLine(owner); }
}
""");

        [Fact]
        public Task UncheckedHelperResultMustBeChecked() => Unchecked.VerifyAsync(Usings + """
class C
{
    static int OpenRaw(string p) => Syscall.open(p, OpenFlags.O_RDONLY);

    static void M(string p)
    {
        int fd = OpenRaw(p);
        Syscall.fsync({|FDS0005:fd|});
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task CheckedHelperResultNeedsNoCheck() => Unchecked.VerifyAsync(Usings + """
class C
{
    static int OpenOrThrow(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) throw new InvalidOperationException(p);
        return fd;
    }

    static void M(string p)
    {
        int fd = OpenOrThrow(p);
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task RecursionIsBounded() => UseAfterClose.VerifyAsync(Usings + """
class C
{
    static void CloseLater(int fd, int depth)
    {
        if (depth > 0) CloseLater(fd, depth - 1);
        else Syscall.close(fd);
    }

    static void Ping(int fd, int n) { if (n > 0) Pong(fd, n - 1); }
    static void Pong(int fd, int n) { Syscall.fsync(fd); Ping(fd, n); }

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY);
        if (fd < 0) return;
        Ping(fd, 3);
        CloseLater(fd, 2);
    }
}
""");

        [Fact]
        public Task ProjectsOwnAttributeCopiesAreMatchedByName() => DoubleClose.VerifyAsync("""
using System;
namespace MyCompany.Interop
{
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.ReturnValue)] sealed class AcquiresFdAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Parameter)] sealed class ReleasesFdAttribute : Attribute { }

    static class Device
    {
        [AcquiresFd] public static extern int OpenDevice(string name);
        public static extern void Release([ReleasesFd] int handle);
        public static extern void Poke(int handle);
    }

    class C
    {
        static void M()
        {
            int h = Device.OpenDevice("x");
            if (h < 0) return;
            Device.Release(h);
            {|FDS0001:Device.Release(h)|};
        }
    }
}
""");

        [Fact]
        public Task AcquireAttributeOnExternalMethodMakesALeak() => Leak.VerifyAsync("""
using System;
sealed class AcquiresFdAttribute : Attribute { }

static class Device
{
    [AcquiresFd] public static extern int OpenDevice(string name);
}

class C
{
    static void M()
    {
        int h = {|FDS0003:Device.OpenDevice("x")|};
        Console.WriteLine(h);
    }
}
""");

        private const string DeviceApi = """
using System;
static class Device
{
    public static extern int OpenDevice(string name);
    public static extern void Release(int handle);
    public static extern void Poke(int handle);
}

""";

        [Fact]
        public Task WithoutOptionsUnknownApisSayNothing() => Leak.VerifyAsync(DeviceApi + """
class C
{
    static void M()
    {
        int h = Device.OpenDevice("x");
        Device.Poke(h);
    }
}
""");

        [Fact]
        public Task AcquireMethodsOptionMakesALeak() => Leak.VerifyAsync(DeviceApi + """
class C
{
    static void M()
    {
        int h = {|FDS0003:Device.OpenDevice("x")|};
        if (h < 0) return;
        Device.Poke(h);
    }
}
""", "fdsafety.acquire_methods = M:Device.OpenDevice(System.String)\n");

        [Fact]
        public Task ReleaseMethodsOptionCountsAsClose() => DoubleClose.VerifyAsync(DeviceApi + """
class C
{
    static void M()
    {
        int h = Device.OpenDevice("x");
        if (h < 0) return;
        Device.Release(h);
        {|FDS0001:Device.Release(h)|};
    }
}
""", "fdsafety.acquire_methods = M:Device.OpenDevice(System.String)\nfdsafety.release_methods = M:Device.Release(System.Int32)\n");

        [Fact]
        public Task BorrowMethodsOptionCountsAsUse() => UseAfterClose.VerifyAsync(DeviceApi + """
class C
{
    static void M()
    {
        int h = Device.OpenDevice("x");
        if (h < 0) return;
        Device.Release(h);
        {|FDS0002:Device.Poke(h)|};
    }
}
""", "fdsafety.acquire_methods = M:Device.OpenDevice(System.String)\nfdsafety.release_methods = M:Device.Release(System.Int32)\nfdsafety.borrow_methods = M:Device.Poke(System.Int32)\n");

        [Fact]
        public Task OptionIdsWithSeveralParametersAreKeptWhole() => DoubleClose.VerifyAsync("""
using System;
static class Device
{
    public static extern int OpenDevice(string name, int mode);
    public static extern void Release(int handle, bool flush);
}

class C
{
    static void M()
    {
        int h = Device.OpenDevice("x", 0);
        if (h < 0) return;
        Device.Release(h, true);
        {|FDS0001:Device.Release(h, false)|};
    }
}
""", "fdsafety.acquire_methods = M:Device.OpenDevice(System.String,System.Int32); M:Other.Thing(System.Int32,System.Int32)\nfdsafety.release_methods = M:Device.Release(System.Int32,System.Boolean)\n");
    }
}
