using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.Analyzers.Tests.Verifiers.AnalyzerVerifier<FdSafety.Analyzers.Rules.DoubleCloseAnalyzer>;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Correlated conditions: a bool that records whether a descriptor was opened or closed, the same
    /// condition tested twice, a field tested before an early return and again after it, a reference tested
    /// for null in a catch after the try set it. Paths that cannot run together are not joined into a double
    /// close or a leak. Each clean program has a look-alike where the condition did change between the
    /// tests, which is still reported. Every analyzer runs unless a message is checked.
    /// </summary>
    [Trait("Rule", "FDS0001")]
    [Trait("Rule", "FDS0003")]
    public class CorrelatedConditionTests
    {
        private const string Usings = "using System;\nusing Mono.Unix.Native;\n";

        [Fact]
        public Task TheSameBoolParameterTestedTwiceClosesOnce() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, bool early)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (early) Syscall.close(fd);
        Console.WriteLine("work");
        if (!early) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task ABoolParameterChangedBetweenTheTestsIsStillADoubleCloseAndALeak() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, bool early)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        if (early) Syscall.close(fd);
        early = !early;
        if (early) {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        [Fact]
        public Task AClosedFlagSetWithTheCloseKeepsTheSecondCloseOff() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int n)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        bool closed = false;
        if (n > 3)
        {
            Syscall.close(fd);
            closed = true;
        }
        Console.WriteLine(n);
        if (!closed) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AClosedFlagOverwrittenWithSomethingElseIsADoubleCloseOnSomePath() => Verify.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int n)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        bool closed = false;
        if (n > 3)
        {
            Syscall.close(fd);
            closed = true;
        }
        closed = n > 5;
        if (!closed) {|#0:Syscall.close(fd)|};
    }
}
""", Verify.Diagnostic("FDS0001").WithLocation(0).WithArguments("fd", 7, " on some path"));

        [Fact]
        public Task AClosedFlagSetBeforeTheCloseItRecordsIsNoDefenceAgainstAnotherPath() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int n)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        bool closed = false;
        if (n > 3) closed = true;
        if (n > 5) Syscall.close(fd);
        if (!closed) {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        [Fact]
        public Task AnOpenedFlagGuardsTheClose() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int n)
    {
        int fd = -1;
        bool opened = false;
        if (n > 3)
        {
            fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) return;
            opened = true;
        }
        Console.WriteLine(n);
        if (opened) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AnOpenedFlagTestedTheWrongWayRoundLeaks() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int n)
    {
        int fd = -1;
        bool opened = false;
        if (n > 3)
        {
            fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
            if (fd < 0) return;
            opened = true;
        }
        if (!opened) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AComparisonAndItsComplementTakeMatchingBranches() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int mode)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (mode > 3) Syscall.close(fd);
        Console.WriteLine(mode);
        if (mode <= 3) Syscall.close(fd);
        if (mode is 7) Console.WriteLine("seven");
    }
}
""");

        [Fact]
        public Task APatternTestAndItsNegationTakeMatchingBranches() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int mode)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (mode is 1) Syscall.close(fd);
        if (mode is not 1) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task TwoDifferentConditionsAreNotCorrelated() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int mode)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        if (mode > 3) Syscall.close(fd);
        if (mode < 3) {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        [Fact]
        public Task FieldsTestedBeforeAnEarlyReturnDecideTheStoresAfterIt() => AllAnalyzers.VerifyAsync(Usings + """
static class Terminal
{
    static int {|FDS0004:_input|} = -1;
    static int {|FDS0004:_output|} = -1;

    public static void Attach()
    {
        if (_input != -1 && _output != -1) return;
        int tty = Syscall.open("/dev/tty", OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (tty < 0) return;
        if (_input == -1) _input = tty;
        if (_output == -1) _output = tty;
    }

    public static void Detach()
    {
        if (_output != -1 && _output != _input) Syscall.close(_output);
        if (_input != -1) Syscall.close(_input);
        _input = _output = -1;
    }
}
""");

        [Fact]
        public Task ACallThatMayResetThePrivateFieldBetweenTheTestsKeepsTheLeak() => AllAnalyzers.VerifyAsync(Usings + """
static class Terminal
{
    static int {|FDS0004:_input|} = -1;
    static int {|FDS0004:_output|} = -1;

    static void Reset() { _input = 5; }

    public static void Attach()
    {
        if (_input != -1 && _output != -1) return;
        int tty = {|FDS0003:Syscall.open("/dev/tty", OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC)|};
        if (tty < 0) return;
        Reset();
        if (_input == -1) _input = tty;
        if (_output == -1) _output = tty;
    }

    public static void Detach()
    {
        if (_output != -1 && _output != _input) Syscall.close(_output);
        if (_input != -1) Syscall.close(_input);
        _input = _output = -1;
    }
}
""");

        [Fact]
        public Task AHelperOfTheSameTypeThatNeitherNamesTheFieldNorCallsTheTypeKeepsWhatIsKnown() => AllAnalyzers.VerifyAsync(Usings + """
static class Terminal
{
    static int {|FDS0004:_input|} = -1;
    static int {|FDS0004:_output|} = -1;

    static bool IsTty(int {|FDS0004:fd|}) => Syscall.isatty(fd);

    public static void Attach()
    {
        if (_input != -1 && _output != -1) return;
        int tty = Syscall.open("/dev/tty", OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (tty < 0) return;
        if (!IsTty(tty))
        {
            Syscall.close(tty);
            return;
        }
        if (_input == -1) _input = tty;
        if (_output == -1) _output = tty;
    }

    public static void Detach()
    {
        if (_output != -1 && _output != _input) Syscall.close(_output);
        if (_input != -1) Syscall.close(_input);
        _input = _output = -1;
    }
}
""");

        [Fact]
        public Task AHelperThatCallsTheTypeByNameMayChangeTheField() => AllAnalyzers.VerifyAsync(Usings + """
static class Terminal
{
    static int {|FDS0004:_input|} = -1;
    static int {|FDS0004:_output|} = -1;

    static void Reset() { _input = 5; }
    static void Log() { Terminal.Reset(); }

    public static void Attach()
    {
        if (_input != -1 && _output != -1) return;
        int tty = {|FDS0003:Syscall.open("/dev/tty", OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC)|};
        if (tty < 0) return;
        Log();
        if (_input == -1) _input = tty;
        if (_output == -1) _output = tty;
    }

    public static void Detach()
    {
        if (_output != -1 && _output != _input) Syscall.close(_output);
        if (_input != -1) Syscall.close(_input);
        _input = _output = -1;
    }
}
""");

        [Fact]
        public Task ACallIntoAnotherTypeMayChangeAPublicFieldButNotAPrivateOne() => AllAnalyzers.VerifyAsync(Usings + """
static class Other
{
    public static void Touch() { Shared.Flag = !Shared.Flag; }
}

static class Shared
{
    public static bool Flag;
    static bool _mine;

    static void Public(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        if (Flag) Syscall.close(fd);
        Other.Touch();
        if (!Flag) {|FDS0001:Syscall.close(fd)|};
    }

    static void Private(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        if (_mine) Syscall.close(fd);
        Other.Touch();
        if (!_mine) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AFlagALambdaWritesIsNotFollowed() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, Action<Action> later)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        bool done = false;
        later(() => done = true);
        if (done) Syscall.close(fd);
        later(() => { });
        if (done) {|FDS0001:Syscall.close(fd)|};
    }
}
""");

        [Fact]
        public Task AFlagWrittenAfterALambdaEndsIsStillFollowed() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int n, Action<Action> later)
    {
        int other = 0;
        later(() => other = 1);
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        bool closed = false;
        if (n > 3)
        {
            Syscall.close(fd);
            closed = true;
        }
        later(() => { });
        if (!closed) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AFlagALocalFunctionDeclaredAfterTheTestsWritesIsNotFollowed() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, Action<Action> later)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        bool done = false;
        later(Finish);
        if (done) Syscall.close(fd);
        later(() => { });
        if (done) {|FDS0001:Syscall.close(fd)|};

        void Finish() { done = true; }
    }
}
""");

        [Fact]
        public Task ACatchTestsTheReferenceTheTryAssignedBeforeItThrew() => AllAnalyzers.VerifyAsync(Usings + """
sealed class Display : IDisposable
{
    private readonly int {|FDS0004:_fd|};
    public Display(int {|FDS0004:fd|}) { _fd = fd; }
    public void Dispose() => Syscall.close(_fd);
}

static class C
{
    static Display Create(string p, int k)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException();
        Display? display = null;
        try
        {
            if (k == 0) throw new InvalidOperationException("early");
            display = new Display(fd);
            if (k == 1) throw new InvalidOperationException("late");
            return display;
        }
        catch
        {
            if (display != null) display.Dispose();
            else Syscall.close(fd);
            throw;
        }
    }
}
""");

        [Fact]
        public Task ACatchThatTestsTheReferenceTheWrongWayRoundLeaks() => AllAnalyzers.VerifyAsync(Usings + """
sealed class Display : IDisposable
{
    private readonly int {|FDS0004:_fd|};
    public Display(int {|FDS0004:fd|}) { _fd = fd; }
    public void Dispose() => Syscall.close(_fd);
}

static class C
{
    static Display Create(string p, int k)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) throw new InvalidOperationException();
        Display? display = null;
        try
        {
            if (k == 0) throw new InvalidOperationException("early");
            display = new Display(fd);
            if (k == 1) throw new InvalidOperationException("late");
            return display;
        }
        catch
        {
            if (display == null) display?.Dispose();
            else Syscall.close(fd);
            throw;
        }
    }
}
""");

        [Fact]
        public Task ALoopThatEndsOnlyWhenTheFlagIsSetHasClosedTheDescriptor() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, Func<bool> ready)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        bool done = false;
        while (!done)
        {
            if (ready())
            {
                Syscall.close(fd);
                done = true;
            }
        }
    }
}
""");

        [Fact]
        public Task ManyIndependentFlagsStayBoundedAndARealLeakIsStillFound() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p, int n)
    {
        bool a = n > 1, b = n > 2, c = n > 3, d = n > 4, e = n > 5, f = n > 6, g = n > 7, h = n > 8, i = n > 9, j = n > 10;
        if (a) Console.Write(1);
        if (b) Console.Write(2);
        if (c) Console.Write(3);
        if (d) Console.Write(4);
        if (e) Console.Write(5);
        if (f) Console.Write(6);
        if (g) Console.Write(7);
        if (h) Console.Write(8);
        if (i) Console.Write(9);
        if (j) Console.Write(10);
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        if (a && b && c && d && e && f && g && h && i && j) Syscall.close(fd);
    }
}
""");
            [Fact]
        public Task ASwitchArmOverATupleOfFlagsIsCorrelatedWithALaterTestOfThem() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int Kind(string path, bool readable, bool writable)
    {
        int fd = (readable, writable) switch
        {
            (true, true) => {|FDS0003:Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC)|},
            (true, false) => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC),
            (false, true) => Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC),
            _ => -1,
        };
        if (fd < 0) return -1;
        if (readable && writable && Syscall.fsync(fd) == 0) return 2;
        Syscall.close(fd);
        return 1;
    }
}
""");

        [Fact]
        public Task ASwitchOnABoolAndALaterTestOfItTakeMatchingBranches() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int One(string path, bool write)
    {
        int fd = write switch { true => Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC), false => -1 };
        if (fd < 0) return -1;
        if (write) Syscall.close(fd);
        return 0;
    }
}
""");

        [Fact]
        public Task ASwitchStatementsCasesAndALaterTestOfTheValueTakeMatchingBranches() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int Stmt(string path, int mode)
    {
        int fd = -1;
        switch (mode)
        {
            case 1: fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); break;
            case 2: fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC); break;
        }
        if (fd < 0) return -1;
        if (mode == 1) Syscall.close(fd);
        else if (mode == 2) Syscall.close(fd);
        return 0;
    }
}
""");

        [Fact]
        public Task ASwitchOnABoolFollowedByATestOfAnotherValueStillLeaks() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int One(string path, bool write, bool other)
    {
        int fd = write switch { true => {|FDS0003:Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC)|}, false => -1 };
        if (fd < 0) return -1;
        if (other) Syscall.close(fd);
        return 0;
    }
}
""");
            [Fact]
        public Task ANullableIntThatHoldsTheDescriptorIsClosedWhenItHasAValue() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string? path)
    {
        int? fd = null;
        if (path != null)
        {
            int opened = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (opened < 0) return;
            fd = opened;
        }
        Console.WriteLine(path);
        if (fd.HasValue) Syscall.close(fd.Value);
    }
}
""");

        [Fact]
        public Task ANullableIntClosedOnlyWhenItHasNoValueLeaks() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string? path)
    {
        int? fd = null;
        if (path != null)
        {
            int opened = {|FDS0003:Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
            if (opened < 0) return;
            fd = opened;
        }
        if (!fd.HasValue) Console.WriteLine("none");
        else if (path!.Length > 3) Syscall.close(fd.Value);
    }
}
""");
    }
}
