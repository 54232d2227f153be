using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Every analyzer of the package on input that has hung or crashed analyzers before: nothing at all,
    /// recursion (self and mutual, through summaries), very large and very deeply nested bodies, and
    /// code that does not compile. An internal failure surfaces as AD0001 and fails the test; a hang
    /// fails it by the timeout.
    /// </summary>
    [Trait("Category", "Robustness")]
    public class RobustnessTests
    {
        private const int Timeout = 120_000;

        // Hangs on some runs only (a race): see MutualRecursionUnderConcurrentAnalysisNeverDeadlocks.
        private const string Deadlock = "engine: deadlock - two threads analyzing mutually recursive methods each block on the other body's Lazy (ExecutionAndPublication); the recursion guard _inProgress is per thread";

        // ---- nothing to analyze ----

        [Fact(Timeout = Timeout)]
        public Task EmptySource() => AllAnalyzers.VerifyAsync("");

        [Fact(Timeout = Timeout)]
        public Task EmptyMembers() => AllAnalyzers.VerifyAsync(@"
namespace N
{
    interface I { int Fd { get; } void M(int fd); }
    abstract class A { public abstract int Open(string p); }
    class C
    {
        static C() { }
        C() { }
        void M() { }
        int P => 0;
        event System.Action E { add { } remove { } }
    }
}");

        // ---- recursion ----

        [Fact(Timeout = Timeout)]
        public Task SelfRecursiveCloseOfParameter() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void CloseAfter(int {|FDS0004:fd|}, int n)
    {
        if (n <= 0)
        {
            Syscall.close(fd);
            return;
        }
        Syscall.fsync(fd);
        CloseAfter(fd, n - 1);
    }

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        CloseAfter(fd, 3);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task SelfRecursiveReturnOfAcquiredDescriptor() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static {|FDS0004:int|} Reopen(string p, int tries)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd >= 0 || tries == 0) return fd;
        return Reopen(p, tries - 1);
    }

    static void M(string p)
    {
        int fd = Reopen(p, 3);
        if (fd < 0) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task SelfRecursiveOwnerReturnStillFindsTheLeak() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static OwnedFd OpenFirst(string[] paths, int i)
    {
        if (i == paths.Length - 1) return Fd.Open(paths[i], OpenFlags.O_RDONLY);
        try
        {
            return Fd.Open(paths[i], OpenFlags.O_RDONLY);
        }
        catch (PosixException)
        {
            return OpenFirst(paths, i + 1);
        }
    }

    static void Good(string[] paths)
    {
        using OwnedFd fd = OpenFirst(paths, 0);
        Fd.Fsync(fd);
    }

    static void Bad(string[] paths)
    {
        OwnedFd fd = {|FDS0003:OpenFirst(paths, 0)|};
        Fd.Fsync(fd);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task MutuallyRecursiveCloseOfParameter() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void Ping(int {|FDS0004:fd|}, int n)
    {
        if (n == 0) { Syscall.close(fd); return; }
        Syscall.fsync(fd);
        Pong(fd, n - 1);
    }

    static void Pong(int {|FDS0004:fd|}, int n)
    {
        if (n == 0) { Syscall.close(fd); return; }
        Syscall.fsync(fd);
        Ping(fd, n - 1);
    }

    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Ping(fd, 4);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task MutuallyRecursiveOwnerReturnStillFindsTheLeak() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static OwnedFd A(string p, int n) => n <= 0 ? Fd.Open(p, OpenFlags.O_RDONLY) : B(p, n - 1);
    static OwnedFd B(string p, int n) => n <= 0 ? Fd.Open(p, OpenFlags.O_RDWR) : A(p, n - 1);

    static void Good(string p)
    {
        using OwnedFd fd = A(p, 4);
        Fd.Fsync(fd);
    }

    static void Bad(string p)
    {
        OwnedFd fd = {|FDS0003:B(p, 4)|};
        Fd.Fsync(fd);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task RecursiveLocalFunction() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        using OwnedFd fd = Open(3);
        Fd.Fsync(fd);

        OwnedFd Open(int n) => n == 0 ? Fd.Open(p, OpenFlags.O_RDONLY) : Open(n - 1);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task LongCycleOfCallsReturningOwners()
        {
            const int n = 200;
            var sb = new StringBuilder();
            sb.AppendLine("using Mono.Unix.Native;");
            sb.AppendLine("using FdSafety;");
            sb.AppendLine("class C");
            sb.AppendLine("{");
            for (int i = 0; i < n; i++)
            {
                sb.AppendLine($"    static OwnedFd M{i}(string p, int k) => k == {i} ? Fd.Open(p, OpenFlags.O_RDONLY) : M{(i + 1) % n}(p, k);");
            }
            sb.AppendLine("    static void Use(string p)");
            sb.AppendLine("    {");
            sb.AppendLine("        using OwnedFd fd = M0(p, 7);");
            sb.AppendLine("        Fd.Fsync(fd);");
            sb.AppendLine("    }");
            sb.AppendLine("}");
            return AllAnalyzers.VerifyAsync(sb.ToString());
        }

        /// <summary>
        /// The analyzers run concurrently in the compiler and the IDE; methods that call each other must
        /// not make two threads wait for each other. One run rarely shows it, so this runs many rounds,
        /// each on a fresh compilation, and fails on the first that does not finish.
        /// </summary>
        [Fact(Timeout = Timeout)]
        public async Task MutualRecursionUnderConcurrentAnalysisNeverDeadlocks()
        {
            const string source = @"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void Ping(int fd, int n) { if (n == 0) { Syscall.close(fd); return; } Syscall.fsync(fd); Pong(fd, n - 1); }
    static void Pong(int fd, int n) { if (n == 0) { Syscall.close(fd); return; } Syscall.fsync(fd); Ping(fd, n - 1); }
    static OwnedFd A(string p, int n) => n <= 0 ? Fd.Open(p, OpenFlags.O_RDONLY) : B(p, n - 1);
    static OwnedFd B(string p, int n) => n <= 0 ? Fd.Open(p, OpenFlags.O_RDWR) : A(p, n - 1);
}";
            var tree = CSharpSyntaxTree.ParseText(source);
            var analyzers = AllAnalyzers.Create();
            for (int round = 0; round < 200; round++)
            {
                var compilation = CSharpCompilation.Create(
                    "Round" + round, new[] { tree }, Verifiers.TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                Exception? failure = null;
                var options = new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    (e, analyzer, diagnostic) => failure = e, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
                var run = compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
                var first = await Task.WhenAny(run, Task.Delay(20_000));
                Assert.True(first == run, "round " + round + " did not finish");
                await run;
                Assert.Null(failure);
            }
        }

        /// <summary>
        /// Which method's summary is computed first depends on thread timing; what is reported must not.
        /// Each round analyzes a fresh compilation concurrently and must give the same findings.
        /// </summary>
        [Fact(Timeout = Timeout)]
        public async Task MutualRecursionFindingsDoNotDependOnThreadTiming()
        {
            const string source = @"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static OwnedFd A(string p, int n) => n <= 0 ? Fd.Open(p, OpenFlags.O_RDONLY) : B(p, n - 1);
    static OwnedFd B(string p, int n) => n <= 0 ? Fd.Open(p, OpenFlags.O_RDWR) : A(p, n - 1);
    static void Ping(int fd, int n) { if (n == 0) { Syscall.close(fd); return; } Syscall.fsync(fd); Pong(fd, n - 1); }
    static void Pong(int fd, int n) { if (n == 0) { Syscall.close(fd); return; } Syscall.fsync(fd); Ping(fd, n - 1); }
    static void LeaksA(string p) { OwnedFd fd = A(p, 2); Fd.Fsync(fd); }
    static void LeaksB(string p) { OwnedFd fd = B(p, 3); Fd.Fsync(fd); }
    static void Hands(string p) { int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (fd < 0) return; Ping(fd, 4); }
}";
            var tree = CSharpSyntaxTree.ParseText(source);
            var analyzers = AllAnalyzers.Create();
            string? first = null;
            for (int round = 0; round < 60; round++)
            {
                var compilation = CSharpCompilation.Create(
                    "Round" + round, new[] { tree }, Verifiers.TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                var options = new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
                var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
                var text = string.Join("\n", diagnostics
                    .Select(d => (d.Id, Position: d.Location.GetLineSpan().StartLinePosition))
                    .OrderBy(d => d.Position).ThenBy(d => d.Id, StringComparer.Ordinal)
                    .Select(d => d.Id + " " + (d.Position.Line + 1) + ":" + (d.Position.Character + 1)));
                first ??= text;
                Assert.Equal(first, text);
            }
            // Both leaks are found (the summaries of A and B say they return a new owner), and the
            // parameters of Ping and Pong carry descriptors.
            Assert.Equal(
                "FDS0004 8:26\nFDS0004 9:26\nFDS0003 10:49\nFDS0003 11:49",
                first);
        }

        // ---- size and depth ----

        [Fact(Timeout = Timeout)]
        public Task TwoThousandSequentialIfElseStatements() => AllAnalyzers.VerifyAsync(SequentialIfElse(2000, leakInLast: false));

        [Fact(Timeout = Timeout)]
        public Task TwoThousandSequentialIfElseStatementsStillFindTheLeak() => AllAnalyzers.VerifyAsync(SequentialIfElse(2000, leakInLast: true));

        // An else-if chain nests: Roslyn's own binding of it grows with the square of its length (2,000
        // branches cost the compiler about 30 s of CPU before any analyzer runs, 1,000 about 7 s), so the
        // chain is 1,000 long; the sequential bodies above keep 2,000.
        [Fact(Timeout = Timeout)]
        public Task ThousandBranchElseIfChain() => AllAnalyzers.VerifyAsync(ElseIfChain(1000, leakInLast: false));

        [Fact(Timeout = Timeout)]
        public Task ThousandBranchElseIfChainStillFindsTheLeak() => AllAnalyzers.VerifyAsync(ElseIfChain(1000, leakInLast: true));

        [Fact(Timeout = Timeout)]
        public Task DeeplyNestedTryFinally() => AllAnalyzers.VerifyAsync(NestedTryFinally(60));

        [Fact(Timeout = Timeout)]
        public Task DeeplyNestedTryFinallyInsideFinally() => AllAnalyzers.VerifyAsync(NestedTryFinallyInsideFinally(30));

        [Fact(Timeout = Timeout)]
        public Task DeeplyNestedUsings()
        {
            const int depth = 60;
            var sb = new StringBuilder();
            sb.AppendLine("using Mono.Unix.Native;");
            sb.AppendLine("using FdSafety;");
            sb.AppendLine("class C");
            sb.AppendLine("{");
            sb.AppendLine("    static void M(string p, bool quit)");
            sb.AppendLine("    {");
            for (int i = 0; i < depth; i++)
            {
                sb.AppendLine($"        using (OwnedFd fd{i} = Fd.Open(p, OpenFlags.O_RDONLY))");
                sb.AppendLine("        {");
                sb.AppendLine($"            if (quit) return;");
                sb.AppendLine($"            Fd.Fsync(fd{i});");
            }
            for (int i = 0; i < depth; i++) sb.AppendLine("        }");
            sb.AppendLine("    }");
            sb.AppendLine("}");
            return AllAnalyzers.VerifyAsync(sb.ToString());
        }

        [Fact(Timeout = Timeout)]
        public Task ThreeHundredDescriptorsOpenAtOnce()
        {
            const int count = 300;
            var sb = new StringBuilder();
            sb.AppendLine("using Mono.Unix.Native;");
            sb.AppendLine("class C");
            sb.AppendLine("{");
            sb.AppendLine("    static void M(string[] paths)");
            sb.AppendLine("    {");
            sb.AppendLine("        foreach (var p in paths)");
            sb.AppendLine("        {");
            for (int i = 0; i < count; i++)
            {
                sb.AppendLine($"            int fd{i} = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);");
                sb.AppendLine($"            if (fd{i} >= 0) Syscall.fsync(fd{i});");
            }
            for (int i = count - 1; i >= 0; i--)
            {
                sb.AppendLine($"            if (fd{i} >= 0) Syscall.close(fd{i});");
            }
            sb.AppendLine("        }");
            sb.AppendLine("    }");
            sb.AppendLine("}");
            return AllAnalyzers.VerifyAsync(sb.ToString());
        }

        /// <summary>
        /// <paramref name="count"/> if/else statements one after another, each branch opening and closing
        /// its own descriptor; with <paramref name="leakInLast"/> the last one keeps its descriptor open on
        /// one path, so an analysis that gave up would miss it.
        /// </summary>
        private static string SequentialIfElse(int count, bool leakInLast)
        {
            const string open = "Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)";
            var sb = new StringBuilder();
            sb.AppendLine("using Mono.Unix.Native;");
            sb.AppendLine("class C");
            sb.AppendLine("{");
            sb.AppendLine("    static void M(string p, bool[] which)");
            sb.AppendLine("    {");
            for (int i = 0; i < count; i++)
            {
                bool leak = leakInLast && i == count - 1;
                sb.AppendLine($"        if (which[{i}])");
                sb.AppendLine("        {");
                sb.AppendLine($"            int a{i} = {(leak ? "{|FDS0003:" + open + "|}" : open)};");
                sb.AppendLine(leak ? $"            if (a{i} >= 0 && which[0]) Syscall.close(a{i});" : $"            if (a{i} >= 0) Syscall.close(a{i});");
                sb.AppendLine("        }");
                sb.AppendLine("        else");
                sb.AppendLine("        {");
                sb.AppendLine($"            int b{i} = Syscall.open(p, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);");
                sb.AppendLine($"            if (b{i} < 0) return;");
                sb.AppendLine($"            Syscall.close(b{i});");
                sb.AppendLine("        }");
            }
            sb.AppendLine("    }");
            sb.AppendLine("}");
            return sb.ToString();
        }

        private static string ElseIfChain(int count, bool leakInLast)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using Mono.Unix.Native;");
            sb.AppendLine("class C");
            sb.AppendLine("{");
            sb.AppendLine("    static void M(string p, int k)");
            sb.AppendLine("    {");
            for (int i = 0; i < count; i++)
            {
                bool leak = leakInLast && i == count - 1;
                string open = "Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)";
                sb.AppendLine(i == 0 ? $"        if (k == {i})" : $"        else if (k == {i})");
                sb.AppendLine("        {");
                sb.AppendLine($"            int fd{i} = {(leak ? "{|FDS0003:" + open + "|}" : open)};");
                sb.AppendLine($"            if (fd{i} < 0) return;");
                sb.AppendLine($"            Syscall.fsync(fd{i});");
                if (leak) sb.AppendLine($"            if (k > 0) return;");
                sb.AppendLine($"            Syscall.close(fd{i});");
                sb.AppendLine("        }");
            }
            sb.AppendLine("    }");
            sb.AppendLine("}");
            return sb.ToString();
        }

        /// <summary>Each level opens a descriptor, may return early, and closes it in its finally, around the next level.</summary>
        private static string NestedTryFinally(int depth)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using Mono.Unix.Native;");
            sb.AppendLine("class C");
            sb.AppendLine("{");
            sb.AppendLine("    static void M(string p, bool quit)");
            sb.AppendLine("    {");
            for (int i = 0; i < depth; i++)
            {
                sb.AppendLine($"        int fd{i} = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);");
                sb.AppendLine($"        if (fd{i} < 0) return;");
                sb.AppendLine("        try");
                sb.AppendLine("        {");
                sb.AppendLine("            if (quit) return;");
                sb.AppendLine($"            Syscall.fsync(fd{i});");
            }
            for (int i = depth - 1; i >= 0; i--)
            {
                sb.AppendLine("        }");
                sb.AppendLine("        finally");
                sb.AppendLine("        {");
                sb.AppendLine($"            Syscall.close(fd{i});");
                sb.AppendLine("        }");
            }
            sb.AppendLine("    }");
            sb.AppendLine("}");
            return sb.ToString();
        }

        /// <summary>Each level opens a descriptor and uses it in a try; its finally closes it and holds the next level.</summary>
        private static string NestedTryFinallyInsideFinally(int depth)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using Mono.Unix.Native;");
            sb.AppendLine("class C");
            sb.AppendLine("{");
            sb.AppendLine("    static void M(string p)");
            sb.AppendLine("    {");
            for (int i = 0; i < depth; i++)
            {
                sb.AppendLine($"        int fd{i} = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);");
                sb.AppendLine($"        if (fd{i} >= 0)");
                sb.AppendLine("        {");
                sb.AppendLine("        try");
                sb.AppendLine("        {");
                sb.AppendLine($"            Syscall.fsync(fd{i});");
                sb.AppendLine("        }");
                sb.AppendLine("        finally");
                sb.AppendLine("        {");
                sb.AppendLine($"            Syscall.close(fd{i});");
            }
            for (int i = depth - 1; i >= 0; i--)
            {
                sb.AppendLine("        }");
                sb.AppendLine("        }");
            }
            sb.AppendLine("    }");
            sb.AppendLine("}");
            return sb.ToString();
        }

        // ---- unusual places for descriptor code ----

        [Fact(Timeout = Timeout)]
        public Task TopLevelStatements()
        {
            var test = new AllAnalyzers.Test(AllAnalyzers.Create())
            {
                TestCode = @"
using Mono.Unix.Native;
using FdSafety;

using (OwnedFd owned = Fd.Open(args[0], OpenFlags.O_RDONLY))
{
    Fd.Fsync(owned);
}
int fd = {|FDS0003:Syscall.open(args[0], OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
if (fd < 0) return 1;
Syscall.fsync(fd);
return 0;
",
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync(CancellationToken.None);
        }

        [Fact(Timeout = Timeout)]
        public Task EveryMemberKind() => AllAnalyzers.VerifyAsync(@"
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Mono.Unix.Native;
using FdSafety;
sealed class Holder : IDisposable
{
    static readonly OwnedFd Shared;
    readonly OwnedFd _fd;

    static Holder() { Shared = Fd.Open(""/dev/null"", OpenFlags.O_RDONLY); }
    public Holder(string p) { _fd = Fd.Open(p, OpenFlags.O_RDONLY); }
    ~Holder() { }

    public OwnedFd Clone => _fd.TryClone();
    public long this[long offset] => Fd.Seek(_fd, offset, SeekFlags.SEEK_SET);
    public OwnedFd Init { init { value.Dispose(); } }
    public event Action Changed { add { Fd.Fsync(_fd); } remove { } }
    public static Holder operator +(Holder h, int n) { Fd.Fsync(h._fd); return h; }
    public static explicit operator long(Holder h) => Fd.Stat(h._fd).st_size;

    public IEnumerable<long> Sizes(string[] paths)
    {
        foreach (var p in paths)
        {
            using OwnedFd fd = Fd.Open(p, OpenFlags.O_RDONLY);
            yield return Fd.Stat(fd).st_size;
        }
    }

    public async Task<long> SizeAsync(string p)
    {
        using OwnedFd fd = Fd.Open(p, OpenFlags.O_RDONLY);
        await Task.Yield();
        return Fd.Stat(fd).st_size;
    }

    public Func<string, long> Sizer => p =>
    {
        using OwnedFd fd = Fd.Open(p, OpenFlags.O_RDONLY);
        return Fd.Stat(fd).st_size;
    };

    public static T Pass<T>(T fd) where T : IAsFd
    {
        Fd.Fsync(fd.AsFd());
        return fd;
    }

    public void Dispose() => _fd.Dispose();
}");

        [Fact(Timeout = Timeout)]
        public Task UnsafePointerBuffers()
        {
            var test = new AllAnalyzers.Test(AllAnalyzers.Create())
            {
                TestCode = @"
using Mono.Unix.Native;
unsafe class C
{
    static long M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        byte* buf = stackalloc byte[64];
        long n = Syscall.read(fd, buf, 64);
        byte[] managed = new byte[64];
        fixed (byte* q = managed)
        {
            n += Syscall.read(fd, q, 64);
        }
        Syscall.close(fd);
        long w = {|FDS0002:Syscall.write(fd, buf, (ulong)n)|};
        return w;
    }
}",
            };
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(true));
            });
            return test.RunAsync(CancellationToken.None);
        }

        [Fact(Timeout = Timeout)]
        public Task DeeplyNestedLambdasCapturingADescriptor()
        {
            const int depth = 40;
            var sb = new StringBuilder();
            sb.AppendLine("using System;");
            sb.AppendLine("using Mono.Unix.Native;");
            sb.AppendLine("using FdSafety;");
            sb.AppendLine("class C");
            sb.AppendLine("{");
            sb.AppendLine("    static void M(string p)");
            sb.AppendLine("    {");
            sb.AppendLine("        using OwnedFd fd = Fd.Open(p, OpenFlags.O_RDONLY);");
            sb.Append("        Action a = ");
            for (int i = 0; i < depth; i++) sb.Append("() => { Fd.Fsync(fd); Action a" + i + " = ");
            sb.Append("() => Fd.Fsync(fd)");
            for (int i = 0; i < depth; i++) sb.Append("; a" + (depth - 1 - i) + "(); }");
            sb.AppendLine(";");
            sb.AppendLine("        a();");
            sb.AppendLine("    }");
            sb.AppendLine("}");
            return AllAnalyzers.VerifyAsync(sb.ToString());
        }

        [Fact(Timeout = Timeout)]
        public Task GotoStateMachineWithBackwardJumps() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string[] paths)
    {
        int i = 0, fd = -1, status = 0;
    next:
        if (i >= paths.Length) goto done;
        fd = Syscall.open(paths[i++], OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) { status = 1; goto next; }
        try
        {
            if (Syscall.fsync(fd) < 0) { status = 1; goto next; }
        }
        finally
        {
            Syscall.close(fd);
        }
        goto next;
    done:
        return status;
    }
}");

        [Fact(Timeout = Timeout)]
        public Task ExceptionFilterAndNestedCatchFinally() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
class C
{
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            try
            {
                return Syscall.fsync(fd);
            }
            catch (Exception e) when (e.Message.Length > Syscall.fsync(fd))
            {
                throw;
            }
            finally
            {
                try { Console.WriteLine(p); }
                catch (Exception) { }
            }
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}");

        [Fact(Timeout = Timeout)]
        public Task SelfRecursiveProperty() => AllAnalyzers.VerifyAsync(@"
using FdSafety;
class C
{
    static OwnedFd Forever => Forever;
    static int Count(int n) => n <= 0 ? 0 : Count(n - 1) + 1;

    static void M()
    {
        using OwnedFd fd = Forever;
        Fd.Fsync(fd);
    }
}");

        // ---- code that does not compile ----

        // Without its semicolon, `return` takes the next line as its value: the fsync runs on the failure branch.
        [Fact(Timeout = Timeout)]
        public Task MissingSemicolons() => AllAnalyzers.VerifyBrokenAsync(@"
using Mono.Unix.Native;
class C
{
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)
        if (fd < 0) return
        Syscall.fsync({|FDS0005:fd|})
        Syscall.close(fd)
        return 0
    }
}");

        [Fact(Timeout = Timeout)]
        public Task UnknownIdentifiers() => AllAnalyzers.VerifyBrokenAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.opne(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Syscall.fsync(fdd);
        Unknown.Close(fd);
        Syscall.close(fd, extra);
        var x = new Missing(fd, true);
        fd.Frobnicate();
        OwnedFd o = Fd.Open(p, OpenFlags.O_RDONLY);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task CloseWithoutArguments() => AllAnalyzers.VerifyBrokenAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        Syscall.close();
        Syscall.pipe();
        Syscall.read();
        OwnedFd.FromRawFd();
        Fd.Write();
        new Mono.Unix.UnixStream();
    }
}");

        [Fact(Timeout = Timeout)]
        public Task UnfinishedOpenAtEndOfFile() => AllAnalyzers.VerifyBrokenAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(");

        [Fact(Timeout = Timeout)]
        public Task UnfinishedConditionAndBlock() => AllAnalyzers.VerifyBrokenAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        using OwnedFd fd = Fd.Open(p, OpenFlags.O_RDONLY);
        if (fd.AsRawFd() < 0
        {
            Fd.Fsync(fd);
        try
        {
            Fd.Fsync(fd);
        finally
");

        // What the type errors leave is still a descriptor that nothing closes.
        [Fact(Timeout = Timeout)]
        public Task WrongArgumentTypesAndArity() => AllAnalyzers.VerifyBrokenAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void M(string p)
    {
        Syscall.pipe(out long r, out long w);
        int[] fds = new int[2];
        Syscall.pipe(fds, 3);
        var (a, b, c) = Fd.Pipe();
        OwnedFd o = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        int fd = {|FDS0003:Fd.Open(p, OpenFlags.O_RDONLY)|};
        Syscall.close(""zero"");
        Syscall.close(fds[-1]);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task InvalidControlFlow() => AllAnalyzers.VerifyBrokenAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        break;
        continue;
        goto missing;
        switch (fd) { case -1: Syscall.close(fd); case 0: Syscall.close(fd); return; }
        return fd;
        int fd = 3;
        yield return fd;
    }

    static int N(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        Syscall.close(fd);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task BrokenTypesAndMembers() => AllAnalyzers.VerifyBrokenAsync(@"
using System;
using Mono.Unix.Native;
using FdSafety;
class Cycle : Cycle { }
class D : IMissing
{
    int {|FDS0004:_fd|} = Syscall.open(""x"", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
    public int Fd => Syscall.open(;
    public D(int {|FDS0004:fd|}) : base(fd) { Syscall.close(fd); }
    public void Run(BorrowedFd b) { object o = b; Action a = () => {|FDS0006:Syscall.close(b.AsRawFd())|}; }
    public static implicit operator int(D d) => d._fd
    ~D() { Syscall.close(_fd) }
}
class E<T> where T : Missing
{
    T M(string p) => Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC) with { };
    void N() { OwnedFd x = default(T); x.Dispose(); x.Dispose(; }
");

        [Fact(Timeout = Timeout)]
        public Task BrokenMethodNextToAWellFormedOneStillReportsTheWellFormedOne() => AllAnalyzers.VerifyBrokenAsync(@"
using Mono.Unix.Native;
using FdSafety;
class C
{
    static void Broken(string p)
    {
        using OwnedFd fd = Fd.Open(p, OpenFlags.O_RDONLY)
        Fd.Fsync(fd +);
        Fd.Fsync(undefined);
    }

    static void Leaks(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        Syscall.fsync(fd);
    }
}");
    }
}
