using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.RawFdBoundaryAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    [Trait("Rule", "FDS0004")]
    public class RawFdBoundaryTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Runtime.InteropServices;\nusing Mono.Unix.Native;\nusing FdSafety;\n";

        [Fact]
        public Task ParameterUsedAsDescriptorIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void Sync(int {|#0:fd|}) { Syscall.fsync(fd); }
}
""", Verify.Diagnostic("FDS0004").WithLocation(0).WithArguments("fd", "int"));

        [Fact]
        public Task ParameterClosedOrPassedOnIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void Shut(int {|FDS0004:handle|}) { Syscall.close(handle); }
    static void Forward(long {|FDS0004:descriptor|}) { Shut((int)descriptor); }
}
""");

        [Fact]
        public Task ReturnOfAcquiredDescriptorIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static {|#0:int|} OpenLog(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException(path);
        return fd;
    }
}
""", Verify.Diagnostic("FDS0004").WithLocation(0).WithArguments("OpenLog's return value", "int"));

        [Fact]
        public Task ReturnOfAsRawFdIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    private readonly OwnedFd _file = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
    {|FDS0004:int|} Number() => _file.AsRawFd();
}
""");

        [Fact]
        public Task FieldAssignedDescriptorIsReported() => Verify.VerifyAsync(Usings + """
class Connection
{
    private int {|#0:_socket|} = -1;

    public void Connect()
    {
        int s = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0);
        if (s < 0) throw new InvalidOperationException();
        _socket = s;
    }
}
""", Verify.Diagnostic("FDS0004").WithLocation(0).WithArguments("_socket", "int"));

        [Fact]
        public Task FieldReadIntoDescriptorCallAndItsConstructorParameterAreReported() => Verify.VerifyAsync(Usings + """
class Reader
{
    private readonly int {|FDS0004:_fd|};

    public Reader(int {|FDS0004:fd|}) { _fd = fd; Syscall.fsync(fd); }

    public void Sync() => Syscall.fsync(_fd);
}
""");

        [Fact]
        public Task PropertyAssignedDescriptorIsReported() => Verify.VerifyAsync(Usings + """
class Device
{
    public int {|FDS0004:Handle|} { get; private set; }

    public Device(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException(path);
        Handle = fd;
    }
}
""");

        [Fact]
        public Task OutParameterReceivingDescriptorIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static bool TryOpen(string path, out int {|FDS0004:fd|})
    {
        fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }
}
""");

        [Fact]
        public Task IntsThatAreNotDescriptorsAreClean() => Verify.VerifyAsync(Usings + """
class C
{
    private int _count;
    private readonly List<int> _sizes = new List<int>();

    static int Add(int a, int b) => a + b;

    void Record(int size)
    {
        _count = size;
        _sizes.Add(size);
        Console.WriteLine(size);
    }

    static int Length(string s) => s.Length;
}
""");

        [Fact]
        public Task OwnedAndBorrowedTypesAreClean() => Verify.VerifyAsync(Usings + """
class C
{
    private readonly OwnedFd _file = Fd.Open("/dev/null", OpenFlags.O_RDONLY);

    static OwnedFd OpenLog(string path) => Fd.Open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND);

    static void Sync(BorrowedFd fd) => Fd.Fsync(fd);

    static void Close(OwnedFd fd) => fd.Dispose();
}
""");

        [Fact]
        public Task RawLayerIsExempt() => Verify.VerifyAsync(Usings + """
static class Native
{
    [DllImport("libc", SetLastError = true)]
    public static extern int read(int fd, IntPtr buffer, UIntPtr count);

    [AcquiresFd]
    public static int OpenRaw(string path) => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);

    public static void CloseRaw([ReleasesFd] int fd) => Syscall.close(fd);

    public static void SyncRaw([BorrowsFd] int fd) => Syscall.fsync(fd);
}
""");

        [Fact]
        public Task ConstantStandardStreamNamesAreClean() => Verify.VerifyAsync(Usings + """
class C
{
    private const int StdoutFd = 1;

    static unsafe void Hello()
    {
        byte* text = stackalloc byte[1];
        _ = Syscall.write(StdoutFd, text, 1);
    }
}
""");

        [Fact]
        public Task OverridesAndInterfaceImplementationsAreExempt() => Verify.VerifyAsync(Usings + """
interface ISink { void Flush(int fd); }

abstract class Base { public abstract void Sync(int fd); }

class Impl : Base, ISink
{
    public void Flush(int fd) => Syscall.fsync(fd);
    public override void Sync(int fd) => Syscall.fsync(fd);
}
""");

        [Fact]
        public Task ParameterReceivingAnAcquiredDescriptorIsReported() => Verify.VerifyAsync(Usings + """
class C
{
    static void Log(int {|#0:handle|}) => Console.WriteLine("opened " + handle);
    static void Count(int n) => Console.WriteLine(n);

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Log(fd);
        Count(p.Length);
        Syscall.close(fd);
    }
}
""", Verify.Diagnostic("FDS0004").WithLocation(0).WithArguments("handle", "int"));
            [Fact]
        public Task AGetterOrMethodThatReturnsADescriptorFieldCarriesItOut() => Verify.VerifyAsync(Usings + """
public sealed class Loop : IDisposable
{
    private int {|FDS0004:_epfd|};
    private int _count;
    public Loop()
    {
        _epfd = Syscall.epoll_create(EpollFlags.EPOLL_CLOEXEC);
        if (_epfd < 0) throw new InvalidOperationException();
    }
    public int {|FDS0004:Handle|} => _epfd;
    public {|FDS0004:int|} RawHandle() { return _epfd; }
    public int Count => _count;
    public int CountNow() => _count;
    public void Dispose() { if (_epfd >= 0) Syscall.close(_epfd); _epfd = -1; _count++; }
}
""");
    }
}
