using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.RawFdBoundaryAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// FDS0004 evidence comes from descriptor APIs only. Storing, forwarding, collecting or capturing an
    /// integer says nothing about whether it is a descriptor: opcodes, register values, pin numbers, counts
    /// and offsets travel the same way. Each storing shape is checked on its own and through a chain of
    /// callers; the same shapes with real descriptor evidence are still reported.
    /// </summary>
    [Trait("Rule", "FDS0004")]
    public class RawFdEvidenceTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Mono.Unix.Native;\n";

        [Fact]
        public Task StoringInAFieldOrPropertyIsNoEvidence() => Verify.VerifyAsync(Usings + """
class Register
{
    private int _value;
    public int Address { get; set; }
    public void Set(int value) { _value = value; }
    public void Move(int address) { Address = address; }
    public int Get() => _value;
}
class Device
{
    private readonly Register _r = new Register();
    public void Write(int opcode, int pin) { _r.Set(opcode); _r.Move(pin); }
    public void Twice(int opcode) { Write(opcode, opcode + 1); }
}
""");

        [Fact]
        public Task ConstructorChainsAndFactoriesAreNoEvidence() => Verify.VerifyAsync(Usings + """
class Pin
{
    private readonly int _number;
    private readonly int _mode;
    public Pin(int number) : this(number, 0) { }
    public Pin(int number, int mode) { _number = number; _mode = mode; }
    public static Pin Create(int number) => new Pin(number);
    public override string ToString() => _number + ":" + _mode;
}
class SpecialPin : Pin
{
    public SpecialPin(int number) : base(number, 1) { }
}
class Board
{
    public Pin Open(int pinNumber) => Pin.Create(pinNumber);
    public Pin OpenSpecial(int n) => new SpecialPin(n);
}
""");

        [Fact]
        public Task InitializersIndexersCollectionsLambdasAndRefAreNoEvidence() => Verify.VerifyAsync(Usings + """
class Options { public int Count { get; set; } public int Offset; }
class Table
{
    private readonly int[] _slots = new int[8];
    private readonly List<int> _list = new List<int>();
    private readonly Dictionary<string, int> _map = new Dictionary<string, int>();
    public int this[int i] { get => _slots[i]; set => _slots[i] = value; }
    public Options Make(int count, int offset) => new Options { Count = count, Offset = offset };
    public void Keep(int a, int b, int c, int d)
    {
        this[0] = a;
        _list.Add(b);
        _map["c"] = c;
        Func<int> later = () => d;
        _list.Add(later());
    }
    public void Copy(int source, ref int target) { target = source; }
    public void Out(int source, out int target) { target = source; }
    public void Chain(int x, int y, int z, int w) { Keep(x, y, z, w); Copy(x, ref y); }
}
""");

        [Fact]
        public Task DescriptorEvidenceStillReportsTheChain() => Verify.VerifyAsync(Usings + """
class Channel
{
    private readonly int {|FDS0004:_fd|};
    public Channel(int {|FDS0004:fd|}) { _fd = fd; }
    public void Sync() { Syscall.fsync(_fd); }
}
class Io
{
    public static long Seek(int {|FDS0004:fd|}, long offset) => Syscall.lseek(fd, offset, SeekFlags.SEEK_SET);
    public static long SeekTwice(int {|FDS0004:fd|}, long offset) => Seek(fd, offset) + Seek(fd, offset + 1);
    public static void Forward(int {|FDS0004:fd|}) { Syscall.close(fd); }
    public static void ForwardAgain(int {|FDS0004:fd|}) { Forward(fd); }
}
""");

        [Fact]
        public Task AcquiredDescriptorGivenToAStoringMethodIsHandedOnNotLeaked() =>
            FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.LeakAnalyzer>.VerifyAsync(Usings + """
class Holder
{
    private int _kept;
    public void Keep(int value) { _kept = value; }
    public void Release() { Syscall.close(_kept); }
    public void Use()
    {
        int fd = Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Keep(fd);
    }
}
""");

        [Fact]
        public Task AFieldReadIntoAStoringMethodIsNoEvidence() => Verify.VerifyAsync(Usings + """
class Registry
{
    private static readonly List<int> s_ids = new List<int>();
    private static void Remember(int id) { s_ids.Add(id); }
    private int _counter;
    public void Next() { _counter++; Remember(_counter); }
}
""");

        [Fact]
        public Task AParameterStoredIntoAMemberItsTypeUsesAsADescriptorCarriesOne() => Verify.VerifyAsync(Usings + """
class Bus
{
    public int {|FDS0004:BusFd|} { get; }
    public Bus(int {|FDS0004:busFd|}) { BusFd = busFd; }
    public int Flush() => Syscall.fsync(BusFd);
}
class FileBus : Bus
{
    public FileBus(int {|FDS0004:busFd|}) : base(busFd) { }
}
class Counter
{
    public int Count { get; }
    public Counter(int count) { Count = count; }
    public int Twice() => Count * 2;
}
class BigCounter : Counter
{
    public BigCounter(int count) : base(count) { }
}
""");

        [Fact]
        public Task DangerousGetHandleOfAPointerHandleIsNoDescriptor() => Verify.VerifyAsync(Usings + """
using System.Runtime.InteropServices;
sealed class NativeContext : SafeHandle
{
    public NativeContext() : base(IntPtr.Zero, true) { }
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { Marshal.FreeHGlobal(handle); return true; }
}
sealed class DescriptorHandle : SafeHandle
{
    public DescriptorHandle() : base(new IntPtr(-1), true) { }
    public override bool IsInvalid => handle == new IntPtr(-1);
    protected override bool ReleaseHandle() => Syscall.close(handle.ToInt32()) == 0;
}
class Device
{
    private readonly NativeContext _context = new NativeContext();
    private readonly DescriptorHandle _file = new DescriptorHandle();
    private readonly IntPtr _contextPtr;
    private readonly IntPtr {|FDS0004:_filePtr|};
    private readonly IntPtr {|FDS0004:_streamPtr|};
    public Device(Microsoft.Win32.SafeHandles.SafeFileHandle stream)
    {
        _contextPtr = _context.DangerousGetHandle();
        _filePtr = _file.DangerousGetHandle();
        _streamPtr = stream.DangerousGetHandle();
    }
}
""");

        [Fact]
        public Task ANumberHandedToAPointerHandleIsNoDescriptor() => Verify.VerifyAsync(Usings + """
using System.Runtime.InteropServices;
static class Lib
{
    [DllImport("libgpiod.so.2")] internal static extern void gpiod_chip_close(IntPtr chip);
}
sealed class ChipHandle : SafeHandle
{
    public ChipHandle(IntPtr chip) : base(chip, true) { }
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { Lib.gpiod_chip_close(handle); return true; }
}
sealed class FileHandle : SafeHandle
{
    public FileHandle(IntPtr {|FDS0004:fd|}) : base(fd, true) { }
    public override bool IsInvalid => handle == new IntPtr(-1);
    protected override bool ReleaseHandle() => Syscall.close(handle.ToInt32()) == 0;
}
""");

        [Fact]
        public Task ANumberPutInAPollfdIsADescriptor() => Verify.VerifyAsync(Usings + """
using System.Runtime.InteropServices;
[StructLayout(LayoutKind.Sequential)]
struct pollfd { public int fd; public short events; public short revents; }
struct Sample { public int fd; public int count; }
class Connection
{
    [DllImport("libc")] static extern unsafe int poll(pollfd* fds, ulong n, int timeout);
    unsafe void DoPoll(Span<pollfd> fds) { fixed (pollfd* p = fds) poll(p, (ulong)fds.Length, -1); }
    public void Wait(int {|FDS0004:wakeupFd|}) { Span<pollfd> fds = stackalloc pollfd[] { new pollfd { fd = wakeupFd, events = 1 } }; DoPoll(fds); }
    public void Forward(int {|FDS0004:fd|}) => Wait(fd);
    public Sample Record(int fd, int count) => new Sample { fd = fd, count = count };
}
""");
    }
}
