using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Descriptors kept in fields: a field of this object (or a static field of its type) is followed within
    /// one method like a local, calls of the object's own members act on it by their summaries, and a field
    /// that no member of the type closes or hands on keeps what is stored in it open. Every analyzer runs on
    /// each program, so a false report of any rule fails the test.
    /// </summary>
    [Trait("Rule", "FDS0001")]
    public class FieldTests
    {
        private const string Usings = "using System;\nusing Mono.Unix.Native;\nusing FdSafety;\n";

        [Fact]
        public Task ClosingAFieldTwiceInOneMethodIsReported() => AllAnalyzers.VerifyAsync(Usings + """
class C
{
    private int {|FDS0004:_fd|};
    public C(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Close()
    {
        Syscall.close(_fd);
        {|FDS0001:Syscall.close(this._fd)|};
    }
}
""");

        [Fact]
        public Task ClosingAStaticFieldTwiceIsReported() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    private static int {|FDS0004:s_fd|} = -1;
    public static void Open(string p) { s_fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); }
    public static void Shutdown()
    {
        Syscall.close(s_fd);
        {|FDS0001:Syscall.close(s_fd)|};
    }
}
""");

        [Fact]
        public Task UsingAFieldAfterClosingItIsReported() => AllAnalyzers.VerifyAsync(Usings + """
class C
{
    private int {|FDS0004:_fd|};
    public C(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Close()
    {
        Syscall.close(_fd);
        {|FDS0002:Syscall.fsync(_fd)|};
    }
}
""");

        [Fact]
        public Task ResetOrGuardedFieldCloseIsClean() => AllAnalyzers.VerifyAsync(Usings + """
class C
{
    private int {|FDS0004:_fd|};
    public C(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Close()
    {
        if (_fd >= 0)
        {
            Syscall.close(_fd);
            _fd = -1;
        }
        if (_fd >= 0) Syscall.close(_fd);
    }
    public void Reopen(string p)
    {
        Syscall.close(_fd);
        _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (_fd < 0) throw new InvalidOperationException();
        Syscall.fsync(_fd);
    }
}
""");

        [Fact]
        public Task AMemberThatClosesTheFieldThenAUseIsReported() => AllAnalyzers.VerifyAsync(Usings + """
class C
{
    private int {|FDS0004:_fd|};
    public C(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    private void Shut() { Syscall.close(_fd); }
    public void Flush()
    {
        Shut();
        {|FDS0002:Syscall.fsync(_fd)|};
    }
    public void CloseTwice()
    {
        {|#0:Shut()|};
        {|FDS0001:Shut()|};
    }
}
""", new DiagnosticResult("FDS0001", DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("_fd", 6, " when Flush() was called before: both close the field and neither resets nor checks it"));

        [Fact]
        public Task AMemberThatReopensOrResetsTheFieldIsClean() => AllAnalyzers.VerifyAsync(Usings + """
class C
{
    private int {|FDS0004:_fd|};
    private readonly string _path;
    public C(string p) { _path = p; Reopen(); }
    private void Reopen()
    {
        _fd = Syscall.open(_path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (_fd < 0) throw new InvalidOperationException();
    }
    private void Shut() { Syscall.close(_fd); _fd = -1; }
    public void Cycle()
    {
        Syscall.close(_fd);
        Reopen();
        Syscall.fsync(_fd);
        Shut();
        Shut();
    }
}
""");
    
        [Fact]
        [Trait("Rule", "FDS0003")]
        public Task AFieldNoMemberClosesLeaksWhatIsStoredInIt() => AllAnalyzers.VerifyAsync(Usings + """
class Log : IDisposable
{
    private int {|FDS0004:_fd|};
    public Log(string p)
    {
        _fd = {|#0:Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC)|};
        if (_fd < 0) throw new InvalidOperationException();
    }
    public void Sync() { Syscall.fsync(_fd); }
    public void Dispose() { }
}
""", new DiagnosticResult("FDS0003", DiagnosticSeverity.Warning).WithLocation(0).WithLocation(11, 5).WithArguments("_fd", 9, " (it is kept in the field '_fd', which no member of 'Log' closes or hands on)"));

        [Fact]
        [Trait("Rule", "FDS0003")]
        public Task AFieldItsConstructorFillsInATypeWithoutReleaseIsKeptForItsLifetime() => AllAnalyzers.VerifyAsync(Usings + """
class Dispatcher
{
    private int {|FDS0004:_epoll|};
    private int {|FDS0004:_timer|};
    public Dispatcher()
    {
        _epoll = Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (_epoll < 0) throw new InvalidOperationException();
        _timer = Syscall.open("/dev/zero", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync({|FDS0005:_timer|});
    }
    public void Wake() { Syscall.fsync(_epoll); }
}
""");

        [Fact]
        [Trait("Rule", "FDS0003")]
        public Task AFieldAnInitializeMethodFillsInATypeWithoutReleaseIsKeptForItsLifetime() => AllAnalyzers.VerifyAsync(Usings + """
class Backend
{
    private int {|FDS0004:_poll|};
    private readonly string[] _paths;
    public Backend(string[] paths) { _paths = paths; }
    public void Initialize()
    {
        _poll = Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (_poll < 0) throw new InvalidOperationException();
        foreach (var p in _paths)
        {
            if (p.Length == 0) throw new ArgumentException("empty path");
        }
    }
    public void Pump() { Syscall.fsync(_poll); }
}
""");

        [Fact]
        [Trait("Rule", "FDS0003")]
        public Task AFieldAMethodFillsButNoMemberWorksWithIsStillALeak() => AllAnalyzers.VerifyAsync(Usings + """
class Backend
{
    private int {|FDS0004:_poll|};
    public void Initialize()
    {
        _poll = {|#0:Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (_poll < 0) throw new InvalidOperationException();
    }
    public bool Ready => _poll != -1;
}
""", new DiagnosticResult("FDS0003", DiagnosticSeverity.Warning).WithLocation(0).WithLocation(11, 5).WithArguments("_poll", 9, " (it is kept in the field '_poll', which no member of 'Backend' closes or hands on)"));

        [Fact]
        [Trait("Rule", "FDS0003")]
        public Task AFieldAMemberClosesOrHandsOnIsNoLeak() => AllAnalyzers.VerifyAsync(Usings + """
class Closed : IDisposable
{
    private int {|FDS0004:_fd|};
    public Closed(string p) { _fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Dispose() { if (_fd >= 0) { Syscall.close(_fd); _fd = -1; } }
}
class Exposed
{
    private int {|FDS0004:_fd|};
    public Exposed(string p) { _fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public int {|FDS0004:Handle|} => _fd;
}
class Owned
{
    private int {|FDS0004:_fd|};
    private OwnedFd? _owner;
    public Owned(string p) { _fd = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); _owner = OwnedFd.FromRawFd(_fd); }
    public void Sync() { Syscall.fsync(_fd); }
}
""");

        [Fact]
        [Trait("Rule", "FDS0003")]
        public Task AConstructorThatOnlyReadsItsParameterDoesNotTakeIt() => AllAnalyzers.VerifyAsync(Usings + """
sealed class Reader
{
    private readonly int {|FDS0004:_fd|};
    public Reader(int {|FDS0004:fd|}) { _fd = fd; }
    public void Sync() { Syscall.fsync(_fd); }
}
sealed class Connection : IDisposable
{
    private int {|FDS0004:_fd|};
    public Connection(int {|FDS0004:fd|}) { _fd = fd; }
    public void Dispose() { if (_fd >= 0) { Syscall.close(_fd); _fd = -1; } }
}
static class Use
{
    static void Borrowing(string p)
    {
        int fd = {|#0:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        new Reader(fd).Sync();
    }
    static void BorrowingAndClosing(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        new Reader(fd).Sync();
        Syscall.close(fd);
    }
    static Connection Owning(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException();
        return new Connection(fd);
    }
}
""", new DiagnosticResult("FDS0003", DiagnosticSeverity.Warning).WithLocation(0).WithLocation(23, 5).WithArguments("fd", 20, " (it is lost at the end of the method on line 23)"));
    
        [Fact]
        public Task CloseThenDisposeBothClosingTheFieldIsReported() => AllAnalyzers.VerifyAsync(Usings + """
sealed class File : IDisposable
{
    private int {|FDS0004:_fd|};
    public File(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Close() { Syscall.close(_fd); }
    public void Dispose() { {|#0:Syscall.close(_fd)|}; }
}
""", new DiagnosticResult("FDS0001", DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("_fd", 6, " when Close() was called before: both close the field and neither resets nor checks it"));

        [Fact]
        public Task TheDisposeBoolPatternClosingTwiceIsReported() => AllAnalyzers.VerifyAsync(Usings + """
class Channel : IDisposable
{
    private int {|FDS0004:_fd|};
    public Channel(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Close() { Dispose(true); }
    public void Dispose() { {|#0:Dispose(true)|}; GC.SuppressFinalize(this); }
    protected virtual void Dispose(bool disposing) { Syscall.close(_fd); }
    ~Channel() { Dispose(false); }
}
""", new DiagnosticResult("FDS0001", DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("_fd", 6, " when Close() was called before: both close the field and neither resets nor checks it"));

        [Fact]
        public Task CloseAndDisposeThatResetOrCheckAreClean() => AllAnalyzers.VerifyAsync(Usings + """
sealed class Reset : IDisposable
{
    private int {|FDS0004:_fd|};
    public Reset(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Close() { if (_fd >= 0) { Syscall.close(_fd); _fd = -1; } }
    public void Dispose() { Close(); }
}
sealed class Flagged : IDisposable
{
    private int {|FDS0004:_fd|};
    private bool _disposed;
    public Flagged(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Close() { Dispose(); }
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Syscall.close(_fd);
    }
}
class Pattern : IDisposable
{
    private int {|FDS0004:_fd|};
    public Pattern(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
    protected virtual void Dispose(bool disposing) { if (_fd != -1) { Syscall.close(_fd); _fd = -1; } }
    ~Pattern() { Dispose(false); }
}
""");

        [Fact]
        public Task ABorrowedFieldIsNeverClosedAndThatIsClean() => AllAnalyzers.VerifyAsync(Usings + """
sealed class View
{
    private readonly int {|FDS0004:_fd|};
    public View(int {|FDS0004:fd|}) { _fd = fd; }
    public void Sync() { Syscall.fsync(_fd); }
}
static class Program
{
    static void Main(string[] args)
    {
        int fd = Syscall.open(args[0], OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        var view = new View(fd);
        view.Sync();
        Syscall.close(fd);
    }
}
""");

        [Fact]
        [Trait("Rule", "FDS0003")]
        public Task AWriteOnlyFieldKeepsItsDescriptorOpen() => AllAnalyzers.VerifyAsync(Usings + """
class Registry
{
    private int _last = -1;
    private void Keep(int {|FDS0004:fd|}) { _last = fd; }
    public void Open(string p)
    {
        int fd = {|#0:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        Keep(fd);
    }
}
""", new DiagnosticResult("FDS0003", DiagnosticSeverity.Warning).WithLocation(0).WithLocation(13, 5).WithArguments("fd", 10, " (it is lost at the end of the method on line 13)"));
    
        [Fact]
        public Task CallsThatMayChangeTheFieldAreNoDoubleClose() => AllAnalyzers.VerifyAsync(Usings + """
class C
{
    private int {|FDS0004:_fd|};
    public C(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    private void Forget() { _fd = -1; }
    protected virtual void Reopen() { }
    public void ResetThenClose()
    {
        Syscall.close(_fd);
        Forget();
        if (_fd >= 0) Syscall.close(_fd);
    }
    public void VirtualThenClose()
    {
        Syscall.close(_fd);
        Reopen();
        Syscall.close(_fd);
    }
    public void ExchangeThenClose()
    {
        Syscall.close(_fd);
        System.Threading.Interlocked.Exchange(ref _fd, -1);
        Syscall.close(_fd);
    }
}
""");

        [Fact]
        public Task CallsOfOtherTypesLeaveTheFieldAsItWas() => AllAnalyzers.VerifyAsync(Usings + """
static class Log { public static void Write(string m) => Console.WriteLine(m); }
sealed class C : IDisposable
{
    private int {|FDS0004:_fd|};
    public C(string p) { _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }
    public void Dispose()
    {
        Syscall.close(_fd);
        Log.Write("closed");
        GC.SuppressFinalize(this);
        {|FDS0001:Syscall.close(_fd)|};
    }
}
""");
    }
}
