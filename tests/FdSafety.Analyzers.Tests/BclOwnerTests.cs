using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>Owners from the BCL and the runtime's borrows: their numbers are not this code's to close, and a borrow is a use.</summary>
    [Trait("Rule", "FDS0006")]
    public class BclOwnerTests
    {
        private const string Usings = "using System;\nusing System.Net.Sockets;\nusing Mono.Unix.Native;\nusing FdSafety;\n";

        [Fact]
        public Task ClosingASocketsHandleBreaksTheSocket() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Bad(Socket s) { {|FDS0006:Syscall.close((int)s.Handle)|}; }
    static void Fine(Socket s) { Syscall.fsync((int)s.Handle); s.Dispose(); }
}
""");

        [Fact]
        public Task ClosingAFileStreamsHandleBreaksTheStream() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Bad(System.IO.FileStream f) { {|FDS0006:Syscall.close((int)f.SafeFileHandle.DangerousGetHandle())|}; }
    static void Fine(System.IO.FileStream f) { Syscall.fsync((int)f.SafeFileHandle.DangerousGetHandle()); }
}
""");

        [Fact]
        public Task ABorrowOfAClosedNumberIsAUseAfterClose() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Bad(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Syscall.close(fd);
        var b = {|FDS0002:BorrowedFd.BorrowRaw(fd)|};
        Span<byte> buffer = stackalloc byte[4];
        Fd.Read(b, buffer);
    }

    static void Fine(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        var b = BorrowedFd.BorrowRaw(fd);
        Span<byte> buffer = stackalloc byte[4];
        Fd.Read(b, buffer);
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task ABaseConstructorOfAnOwningSafeHandleTakesTheDescriptor() => AllAnalyzers.VerifyAsync(Usings + """
using System.Runtime.InteropServices;
static class Interop
{
    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    static extern int socket(int domain, int type, int protocol);
    public static {|FDS0004:IntPtr|} Create()
    {
        int fd = socket(29, 3 | 0x80000, 1);
        if (fd < 0) throw new InvalidOperationException();
        return new IntPtr(fd);
    }
}
abstract class FdHandle : SafeHandle
{
    protected FdHandle(IntPtr h, bool owns) : base(new IntPtr(-1), owns) { SetHandle(h); }
    public override bool IsInvalid => handle == new IntPtr(-1);
    protected override bool ReleaseHandle() => Syscall.close(handle.ToInt32()) == 0;
}
sealed class CanHandle : FdHandle
{
    public CanHandle() : base(Interop.Create(), true) { }
}
sealed class LeakyHandle : FdHandle
{
    public LeakyHandle() : base({|FDS0003:Interop.Create()|}, false) { }
}
""");
    }
}
