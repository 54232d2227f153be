using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FdSafety.Analyzers.Flow;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// The pre-pass leaves a summarized method unbound, its summary "nothing", when its syntax holds nothing the flow
    /// analysis's first look at a bound body acts on (<c>Relevance.CloseActing</c>). Each shape that can act keeps the
    /// method bound; one that cannot lets it go.
    /// </summary>
    public class ActingTests
    {
        internal const string Source = @"using System;
using System.Collections.Generic;
using System.Linq;
using Number = System.Int32;
using Token = Microsoft.Win32.SafeHandles.SafeAccessTokenHandle;

public sealed class Options { }
public sealed class Bag : System.Collections.IEnumerable
{
    public void Add(int n) { }
    public System.Collections.IEnumerator GetEnumerator() => null;
}

public sealed class Device
{
    private Options _o;
    private int _n;
    private nint _p;
    private Number _k;
    private string _s;
    private System.IO.Stream _stream;
    private List<int> _list = new List<int>();

    public void Keeps(Options o) { _o = o; }
    public void KeepsAndComputes(Options o) { _o = o; _s = _s + ""x""; }
    public int KeepsAndReturnsSum(Options o) { _o = o; return _n + 1; }
    public int KeepsAndReturnsCall(Options o) { _o = o; return Compute(); }
    public void KeepsAndCallsQuiet(Options o) { _o = o; Keeps(o); }
    public void KeepsInt(Options o, int fd) { _o = o; _n = fd; }
    public void KeepsParenthesized(Options o, int fd) { _o = o; _n = (fd); }
    public void KeepsAlias(Options o, Number n) { _o = o; _k = n; }
    public void KeepsNint(Options o, nint h) { _o = o; _p = h; }
    public void KeepsUntypedLambdaParameter(Options o) { _o = o; Action<int> a = v => _n = v; }
    public int KeepsAndReturnsField(Options o) { _o = o; return _n; }
    public int KeepsAndReturnsCastField(Options o) { _o = o; return checked((int)(_n)); }
    public void KeepsAndLambdaReturnsField(Options o) { _o = o; Func<int> f = () => _n; }
    public void KeepsAndDisposes(Options o) { _o = o; _stream.Dispose(); }
    public void KeepsAndAdds(Options o) { _o = o; _list.Add(1); }
    public void KeepsAndInitializesCollection(Options o) { _o = o; var b = new Bag { 1 }; }
    public void KeepsAndQueries(Options o) { _o = o; var q = from c in _s select c; }
    public void KeepsAndCallsActing(Options o) { _o = o; KeepsInt(o, 1); }
    public void KeepsAndCallsSignatureless(Options o) { _o = o; Stop(); }
    public void KeepsAndCallsUnsummarized(Options o) { _o = o; Shut(); }
    // Summarized for its storing call though its signature carries nothing: what it does to fields reaches its callers.
    public void Stop() { _list.Add(2); }
    // Neither names a descriptor API nor keeps anything: its summary is nothing, so its Dispose call reaches no caller.
    public void Shut() { _stream.Dispose(); }
    private int Compute() => 1 + 2;
}

// A type whose name ends in Handle is a descriptor API by name; an alias may stand for one.
public sealed class TokenUser
{
    private Options _o;
    public void KeepsAndCreatesAliasedHandle(Options o) { _o = o; var t = new Token(IntPtr.Zero); }
}

public sealed class SocketUser
{
    private Options _o;
    public void KeepsAndReadsHandle(Options o, System.Net.Sockets.Socket k) { _o = o; var x = k.Handle; }
}
";

        [Theory]
        [InlineData("Keeps", false)]
        [InlineData("KeepsAndComputes", false)]
        [InlineData("KeepsAndReturnsSum", false)]
        [InlineData("KeepsAndReturnsCall", false)]
        [InlineData("KeepsAndCallsQuiet", false)]
        [InlineData("KeepsInt", true)]
        [InlineData("KeepsParenthesized", true)]
        [InlineData("KeepsAlias", true)]
        [InlineData("KeepsNint", true)]
        [InlineData("KeepsUntypedLambdaParameter", true)]
        [InlineData("KeepsAndReturnsField", true)]
        [InlineData("KeepsAndReturnsCastField", true)]
        [InlineData("KeepsAndLambdaReturnsField", true)]
        [InlineData("KeepsAndDisposes", true)]
        [InlineData("KeepsAndAdds", true)]
        [InlineData("KeepsAndInitializesCollection", true)]
        [InlineData("KeepsAndQueries", true)]
        [InlineData("KeepsAndCreatesAliasedHandle", true)]
        [InlineData("KeepsAndReadsHandle", true)]
        [InlineData("KeepsAndCallsActing", true)]
        [InlineData("KeepsAndCallsSignatureless", true)]
        [InlineData("KeepsAndCallsUnsummarized", false)]
        public void ASummarizedMethodIsBoundExactlyWhenItsSyntaxMayAct(string method, bool acting)
        {
            var (analysis, tree) = Analyze(Source);
            var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
            // Every one of them keeps a parameter whose type may hold a descriptor, so the summary closure holds it.
            Assert.True(analysis.Relevance.MayActOn(declaration) == acting, method + (acting ? " must" : " must not") + " be held able to act");
            Assert.Equal(acting, analysis.Relevance.MaySummarize(declaration));
        }

        internal static (CompilationAnalysis Analysis, SyntaxTree Tree) Analyze(string source)
        {
            var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "/acting/" + Guid.NewGuid() + ".cs");
            var compilation = CSharpCompilation.Create("acting", new[] { tree }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return (CompilationAnalysis.For(compilation, new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty)), tree);
        }
    }

    /// <summary>
    /// The pre-pass's acting test checked against the bodies themselves: with <c>CompilationAnalysis.VerifyActing</c> every
    /// summarized body is bound, and one the pre-pass would have left out that does act is an internal error. The methods
    /// the test leaves out are bound only when verifying and do nothing; the engine's evaluation corpus keeps its findings and
    /// its bodies; a method left out is not bound. (These tests switch static hooks, so they run alone.)
    /// </summary>
    [Collection(nameof(AnalysisHooks))]
    public class ActingVerificationTests
    {
        [Fact]
        public void WithoutTheActingTestEveryOneOfThemIsSummarized()
        {
            var (analysis, tree) = ActingTests.Analyze(ActingTests.Source);
            var previous = CompilationAnalysis.VerifyActing;
            CompilationAnalysis.VerifyActing = true;
            try
            {
                foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.ValueText.StartsWith("Keeps", StringComparison.Ordinal)))
                {
                    Assert.True(analysis.Relevance.MaySummarize(declaration), declaration.Identifier.ValueText);
                }
            }
            finally
            {
                CompilationAnalysis.VerifyActing = previous;
            }
        }

        [Fact]
        public async Task NoBodyTheActingTestLeavesOutActsAndTheFindingsAreTheSame()
        {
            var files = Directory.GetFiles(Path.Combine(RepositoryPaths.RootFolder, "bench", "EngineEval", "corpus"), "*.cs", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
            Assert.True(files.Count >= 100, "the evaluation corpus has " + files.Count + " files");
            var errors = new ConcurrentBag<string>();
            var previousHook = CompilationAnalysis.InternalError;
            CompilationAnalysis.InternalError = e => errors.Add(e.Message);
            int differing = 0, normalAnalyses = 0, verifiedAnalyses = 0;
            try
            {
                foreach (var file in files)
                {
                    var source = new[] { File.ReadAllText(file) };
                    var (normal, analyses) = await FindingsOf(source, verify: false);
                    var (verified, verifiedCount) = await FindingsOf(source, verify: true);
                    normalAnalyses += analyses;
                    verifiedAnalyses += verifiedCount;
                    if (!normal.SequenceEqual(verified)) differing++;
                }
            }
            finally
            {
                CompilationAnalysis.VerifyActing = false;
                CompilationAnalysis.InternalError = previousHook;
            }
            Assert.Empty(errors);
            Assert.Equal(0, differing);
            // The corpus's descriptor code acts wherever it is summarized: the acting test leaves nothing of it out (so this guards
            // it against a change that would); the next test is the one whose methods are left out.
            Assert.Equal(normalAnalyses, verifiedAnalyses);
        }

        [Fact]
        public async Task TheMethodsTheActingTestLeavesOutAreBoundWhenVerifyingAndDoNothing()
        {
            const string caller = @"using Mono.Unix.Native;
public static class UseDevice
{
    public static void Run(string p, Device d, Options o)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        d.Keeps(o);
        d.KeepsAndComputes(o);
        d.KeepsAndReturnsSum(o);
        d.KeepsAndReturnsCall(o);
        d.KeepsAndCallsQuiet(o);
        d.KeepsAndCallsUnsummarized(o);
        d.KeepsInt(o, fd);
        Syscall.close(fd);
    }
}
";
            var errors = new ConcurrentBag<string>();
            var previousHook = CompilationAnalysis.InternalError;
            CompilationAnalysis.InternalError = e => errors.Add(e.Message);
            try
            {
                var (normal, analyses) = await FindingsOf(new[] { ActingTests.Source, caller }, verify: false);
                var (verified, verifiedAnalyses) = await FindingsOf(new[] { ActingTests.Source, caller }, verify: true);
                Assert.Empty(errors);
                // Run hands its descriptor to KeepsInt, which keeps it in a field: nothing to report, either way.
                Assert.Empty(normal);
                Assert.Empty(verified);
                // The six methods that cannot act are bound only when verifying, and their bodies turn out to do nothing.
                Assert.Equal(analyses + 6, verifiedAnalyses);
            }
            finally
            {
                CompilationAnalysis.InternalError = previousHook;
            }
        }

        [Fact]
        public async Task AMethodThatCannotActIsNotBoundAndTheFindingsStay()
        {
            const string source = @"using Mono.Unix.Native;
public sealed class Options { }
public sealed class Device
{
    private Options _o;
    private int _fd;
    public Device(Options o) { _o = o; }
    public void Attach(Options o, int fd) { _o = o; _fd = fd; }
    public int Number => _fd;
}
public static class Use
{
    public static void Open(string p, Options o)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        var d = new Device(o);
        d.Attach(o, fd);
    }
}
";
            var bound = new ConcurrentBag<string>();
            var previous = CompilationAnalysis.FaultInjection;
            CompilationAnalysis.FaultInjection = body =>
            {
                var symbol = body.SemanticModel?.GetDeclaredSymbol(body.Syntax);
                bound.Add(symbol?.ToDisplayString() ?? body.Syntax.Kind().ToString());
            };
            List<string> findings;
            try
            {
                findings = await Findings(CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "/acting/use.cs"));
            }
            finally
            {
                CompilationAnalysis.FaultInjection = previous;
            }
            Assert.Contains("Use.Open(string, Options)", bound);
            Assert.Contains("Device.Attach(Options, int)", bound);
            Assert.DoesNotContain("Device.Device(Options)", bound);
            // Attach keeps the descriptor in a field of Device: Open hands it over, and nothing is reported.
            Assert.Empty(findings);
        }

        /// <summary>The findings of one compilation of these sources, and how many bodies the flow analysis looked at.</summary>
        private static async Task<(List<string> Findings, int Analyses)> FindingsOf(string[] sources, bool verify)
        {
            int analyses = 0;
            var previous = CompilationAnalysis.FaultInjection;
            CompilationAnalysis.FaultInjection = _ => System.Threading.Interlocked.Increment(ref analyses);
            CompilationAnalysis.VerifyActing = verify;
            try
            {
                var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview), path: "/acting/" + i + ".cs"));
                return (await Findings(trees.ToArray()), analyses);
            }
            finally
            {
                CompilationAnalysis.VerifyActing = false;
                CompilationAnalysis.FaultInjection = previous;
            }
        }

        private static async Task<List<string>> Findings(params SyntaxTree[] trees)
        {
            var compilation = CSharpCompilation.Create("acting", trees, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
            var diagnostics = await compilation.WithAnalyzers(AllAnalyzers.Create()).GetAnalyzerDiagnosticsAsync();
            return diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage()).OrderBy(s => s, StringComparer.Ordinal).ToList();
        }
    }
}
