using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers.Flow;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// What an editor does to the analyzers all day: half-typed code. Every analyzer runs over prefixes of
    /// every source file of the repository's tests, demo and runtime (and of each C# program embedded in the
    /// analyzer tests), cut every <see cref="PrefixStep"/>-th character, and over those files with one token
    /// deleted at sampled points. Nothing may throw (the analysis' internal error hook, the driver's
    /// analyzer-exception callback, AD0001 and FDS9000 all fail the sweep) and nothing may hang (each program
    /// has a bound). Also: a cancelled analysis leaves no poisoned cache, and very large or deep inputs end.
    /// </summary>
    [Collection(nameof(AnalysisHooks))]
    [Trait("Category", "Robustness")]
    public class SweepTests
    {
        /// <summary>
        /// A program is cut after every k-th character of its kind of input, counted across all inputs of that
        /// kind in order (so a program shorter than k still gets a cut when the count passes through it):
        /// one k for the C# programs embedded in tests (short, and the code the descriptor rules look at), one
        /// for whole files (long, mostly test plumbing). Each input is also analyzed whole. k is the larger of
        /// a floor and what gives a fixed number of cuts for the corpus at hand, so the sweep does not grow
        /// with the corpus: sized to stay well under two minutes on a 2-core machine (the test output prints
        /// the counts, the k used and the times). The same corpus always gives the same cuts.
        /// </summary>
        private static int Step(long characters, int floor, int cuts) => (int)Math.Max(floor, (characters + cuts - 1) / cuts);

        private const int ProgramCuts = 700;

        private const int FileCuts = 100;

        /// <summary>One token is deleted at every n-th token, counted the same way and sized the same way.</summary>
        private const int ProgramDeletions = 300;

        private const int FileDeletions = 10;

        /// <summary>No single program may take longer than this: a hang detector, not a speed target.</summary>
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

        private readonly ITestOutputHelper _output;

        public SweepTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task EveryPrefixOfEveryFile()
        {
            var inputs = new List<(string Label, string Source)>();
            foreach (bool embedded in new[] { true, false })
            {
                long characters = Corpus.Value.Where(f => f.IsEmbedded == embedded).Sum(f => (long)f.Text.Length);
                int step = embedded ? Step(characters, 211, ProgramCuts) : Step(characters, 4999, FileCuts);
                _output.WriteLine((embedded ? "embedded programs" : "files") + ": a cut every " + step + " characters");
                long counted = 0;
                foreach (var file in Corpus.Value.Where(f => f.IsEmbedded == embedded))
                {
                    // The cuts that fall inside this input: positions where the running count reaches a multiple of step.
                    for (long cut = (counted / step + 1) * step; cut < counted + file.Text.Length; cut += step)
                    {
                        int length = (int)(cut - counted);
                        inputs.Add((file.Name + " [.." + length + "]", file.Text.Substring(0, length)));
                    }
                    counted += file.Text.Length;
                    inputs.Add((file.Name, file.Text));
                }
            }

            await SweepAsync("prefixes", inputs);
        }

        [Fact]
        public async Task EveryFileWithOneTokenDeleted()
        {
            var inputs = new List<(string Label, string Source)>();
            foreach (bool embedded in new[] { true, false })
            {
                var files = Corpus.Value.Where(f => f.IsEmbedded == embedded)
                    .Select(f => (File: f, Tokens: CSharpSyntaxTree.ParseText(f.Text).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList()))
                    .ToList();
                long all = files.Sum(f => (long)f.Tokens.Count);
                int step = embedded ? Step(all, 97, ProgramDeletions) : Step(all, 9973, FileDeletions);
                _output.WriteLine((embedded ? "embedded programs" : "files") + ": a deletion every " + step + " tokens");
                long counted = 0;
                foreach (var (file, tokens) in files)
                {
                    for (long at = (counted / step + 1) * step; at < counted + tokens.Count; at += step)
                    {
                        var token = tokens[(int)(at - counted)];
                        inputs.Add((file.Name + " [-'" + token.Text + "'@" + token.SpanStart + "]", file.Text.Remove(token.SpanStart, token.Span.Length)));
                    }
                    counted += tokens.Count;
                }
            }

            await SweepAsync("token deletions", inputs);
        }

        [Fact]
        public void TheCorpusCoversTestsDemoAndRuntime()
        {
            var names = Corpus.Value.Select(f => f.Name).ToList();
            Assert.Contains("demo/cat/Program.cs", names);
            Assert.Contains("runtime/FdSafety.Runtime/OwnedFd.cs", names);
            Assert.Contains("tests/FdSafety.Analyzers.Tests/LeakTests.cs", names);
            Assert.Contains(names, n => n.StartsWith("tests/FdSafety.Analyzers.Tests/LeakTests.cs#", StringComparison.Ordinal));
            Assert.DoesNotContain(names, n => n.Contains("/obj/") || n.Contains("/bin/"));
            Assert.DoesNotContain(Corpus.Value, f => f.IsEmbedded && (f.Text.Contains("{|FDS") || f.Text.Contains("[|")));
        }

        [Fact]
        public async Task CancellationMidAnalysisLeavesNoPoisonedCache()
        {
            // Forty methods with a finding each. The analysis is cancelled from inside itself, while the
            // twentieth body is being analyzed; the same compilation is then asked again and must give
            // exactly the findings of an analysis that was never cancelled.
            var source = new StringBuilder("using Mono.Unix.Native;\nclass C\n{\n");
            for (int i = 0; i < 40; i++)
            {
                source.Append("    static void M").Append(i).Append("(string p) { int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (fd < 0) return; Syscall.fsync(fd); }\n");
            }
            source.Append("}\n");
            var tree = CSharpSyntaxTree.ParseText(source.ToString(), Sweep.ParseOptions);

            using var hook = Sweep.HookInternalErrors();
            var expected = Describe(await Sweep.Base.AddSyntaxTrees(tree).WithAnalyzers(Sweep.Analyzers, Sweep.Options(null)).GetAnalyzerDiagnosticsAsync());
            Assert.Equal(40, expected.Count(d => d.StartsWith("FDS0003", StringComparison.Ordinal)));

            var compilation = Sweep.Base.AddSyntaxTrees(tree);
            using var cancel = new CancellationTokenSource();
            int bodies = 0;
            var previous = CompilationAnalysis.FaultInjection;
            CompilationAnalysis.FaultInjection = body =>
            {
                if (Interlocked.Increment(ref bodies) == 20) cancel.Cancel();
            };
            try
            {
                var first = compilation.WithAnalyzers(Sweep.Analyzers, Sweep.Options(null));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.GetAnalyzerDiagnosticsAsync(cancel.Token));
            }
            finally
            {
                CompilationAnalysis.FaultInjection = previous;
            }
            Assert.True(bodies >= 20, "the analysis was not under way when it was cancelled");

            // The same compilation (and so the same per-compilation analysis cache), a new request.
            var again = Describe(await compilation.WithAnalyzers(Sweep.Analyzers, Sweep.Options(null)).GetAnalyzerDiagnosticsAsync());
            Assert.Equal(expected, again);

            // And, as an editor does, one analyzer asked for one tree's semantic diagnostics.
            var leak = Sweep.Analyzers.OfType<FdSafety.Analyzers.Rules.LeakAnalyzer>().ToImmutableArray<DiagnosticAnalyzer>();
            var model = compilation.GetSemanticModel(tree);
            var semantic = Describe(await compilation.WithAnalyzers(leak, Sweep.Options(null)).GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None));
            Assert.Equal(expected.Where(d => d.StartsWith("FDS0003", StringComparison.Ordinal)), semantic);
        }

        [Fact]
        public async Task FiftyThousandLineFile()
        {
            // 5,000 methods of 10 lines; every fifth leaks its descriptor.
            var source = new StringBuilder("using Mono.Unix.Native;\nstatic class Big\n{\n");
            for (int i = 0; i < 5000; i++)
            {
                source.Append("    // method ").Append(i).Append('\n');
                source.Append("    static void M").Append(i).Append("(string p, byte[] b)\n    {\n");
                source.Append("        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);\n");
                source.Append("        if (fd < 0)\n            return;\n");
                source.Append("        long n = Syscall.read(fd, b, (ulong)b.Length);\n");
                source.Append(i % 5 == 0 ? "        System.GC.KeepAlive(n);\n" : "        Syscall.close(fd);\n");
                source.Append("    }\n\n");
            }
            source.Append("}\n");
            string text = source.ToString();
            Assert.InRange(text.Count(c => c == '\n'), 50_000, 50_010);

            using var hook = Sweep.HookInternalErrors();
            var outcome = await Sweep.AnalyzeAsync("50,000 lines", text, TimeSpan.FromMinutes(3));

            AssertClean(outcome);
            Assert.Equal(1000, outcome.Diagnostics.Count(d => d.Id == "FDS0003"));
            _output.WriteLine($"50,000-line file: {outcome.Elapsed.TotalSeconds:F1} s, {outcome.Diagnostics.Length} findings");
        }

        [Fact]
        public async Task MethodWithTenThousandStatements()
        {
            // 100 descriptors, each opened, checked, used 97 times and closed: 10,000 statements in one body,
            // and a leak at the very end. (2,500 descriptors of four statements each take the flow analysis
            // about 40 s here, growing faster than linearly: reported, not a CI input.)
            var source = new StringBuilder("using Mono.Unix.Native;\nstatic class Long\n{\n    static void M(string p, byte[] b)\n    {\n");
            int statements = 0;
            for (int i = 0; i < 100; i++)
            {
                source.Append("        int fd").Append(i).Append(" = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);\n");
                source.Append("        if (fd").Append(i).Append(" < 0) return;\n");
                for (int u = 0; u < 97; u++)
                {
                    source.Append("        Syscall.fsync(fd").Append(i).Append(");\n");
                }
                source.Append("        Syscall.close(fd").Append(i).Append(");\n");
                statements += 100;
            }
            source.Append("        int last = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);\n        if (last < 0) return;\n    }\n}\n");
            Assert.Equal(10_000, statements);

            using var hook = Sweep.HookInternalErrors();
            var outcome = await Sweep.AnalyzeAsync("10,000 statements", source.ToString(), TimeSpan.FromMinutes(3));

            AssertClean(outcome);
            var leak = Assert.Single(outcome.Diagnostics, d => d.Id == "FDS0003");
            Assert.Contains("last", leak.GetMessage(), StringComparison.Ordinal);
            _output.WriteLine($"10,000-statement method: {outcome.Elapsed.TotalSeconds:F1} s, {outcome.Diagnostics.Length} findings");
        }

        public static TheoryData<string> Nestings => new TheoryData<string> { "if", "block", "while", "lambda", "using", "try-finally", "parentheses", "local-function" };

        [Theory]
        [MemberData(nameof(Nestings))]
        public async Task TwoHundredDeepNesting(string shape)
        {
            const int depth = 200;
            string source = Nested(shape, depth);

            using var hook = Sweep.HookInternalErrors();
            // On a thread-pool thread, as an editor runs analyzers: a stack overflow would end the test run.
            var outcome = await Task.Run(() => Sweep.AnalyzeAsync("200-deep " + shape, source, TimeSpan.FromMinutes(2)));

            AssertClean(outcome);
            _output.WriteLine($"200-deep {shape}: {outcome.Elapsed.TotalSeconds:F1} s, findings: {string.Join(", ", outcome.Diagnostics.Select(d => d.Id))}");
            if (shape != "lambda" && shape != "local-function")
            {
                // The leak at the bottom is still found. (Lambdas and local functions are analyzed down to a
                // nesting bound, 8 levels, so one 200 levels down goes unchecked: no finding, and no failure.)
                Assert.Single(outcome.Diagnostics, d => d.Id == "FDS0003");
            }
        }

        [Fact]
        public async Task TheSweepSeesAnInternalError()
        {
            // The sweep's own check must be able to fail: a fault injected into one body is caught.
            using var hook = Sweep.HookInternalErrors();
            var previous = CompilationAnalysis.FaultInjection;
            CompilationAnalysis.FaultInjection = body =>
            {
                if (body.SemanticModel?.GetDeclaredSymbol(body.Syntax) is IMethodSymbol m && m.Name == "Broken") throw new InvalidOperationException("injected");
            };
            Sweep.Outcome outcome;
            try
            {
                outcome = await Sweep.AnalyzeAsync("injected", "using Mono.Unix.Native;\nclass C { void Broken(string p) { int fd = Syscall.open(p, OpenFlags.O_RDONLY); } }", Bound);
            }
            finally
            {
                CompilationAnalysis.FaultInjection = previous;
            }

            Assert.Contains(outcome.Problems, p => p.StartsWith("internal error: System.InvalidOperationException: injected", StringComparison.Ordinal));
        }

        private static string Nested(string shape, int depth)
        {
            var open = new StringBuilder();
            string inner = "int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (fd < 0) return; Syscall.fsync(fd);";
            for (int i = 0; i < depth; i++)
            {
                switch (shape)
                {
                    case "if": open.Append("if (k > ").Append(i).Append(") { "); break;
                    case "block": open.Append("{ "); break;
                    case "while": open.Append("while (k-- > ").Append(i).Append(") { "); break;
                    case "lambda": open.Append("System.Action a").Append(i).Append(" = () => { "); break;
                    case "using": open.Append("using (var s").Append(i).Append(" = new System.IO.MemoryStream()) { "); break;
                    case "try-finally": open.Append("try { "); break;
                    case "local-function": open.Append("void L").Append(i).Append("() { "); break;
                    case "parentheses": break;
                    default: throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
                }
            }
            if (shape == "parentheses")
            {
                inner = "int fd = " + new string('(', depth) + "Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)" + new string(')', depth) + "; if (fd < 0) return; Syscall.fsync(fd);";
            }
            return "using Mono.Unix.Native;\nstatic class Deep\n{\n    static void M(string p, int k)\n    {\n        " + open + inner + string.Concat(SplitClosers(shape, depth)) + "\n    }\n}\n";
        }

        private static IEnumerable<string> SplitClosers(string shape, int depth)
        {
            for (int i = depth - 1; i >= 0; i--)
            {
                switch (shape)
                {
                    case "lambda": yield return " }; a" + i + "();"; break;
                    case "try-finally": yield return " } finally { k++; }"; break;
                    case "local-function": yield return " } L" + i + "();"; break;
                    case "parentheses": break;
                    default: yield return " }"; break;
                }
            }
        }

        private async Task SweepAsync(string what, List<(string Label, string Source)> inputs)
        {
            using var hook = Sweep.HookInternalErrors();
            var problems = new ConcurrentQueue<string>();
            var times = new ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            int next = -1;
            var workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < inputs.Count && problems.Count < 20)
                {
                    var outcome = await Sweep.AnalyzeAsync(inputs[i].Label, inputs[i].Source, Bound);
                    times.Add(outcome.Elapsed.TotalMilliseconds);
                    foreach (var problem in outcome.Problems) problems.Enqueue(inputs[i].Label + ": " + problem);
                }
            })).ToArray();
            await Task.WhenAll(workers);
            clock.Stop();

            var sorted = times.OrderBy(t => t).ToList();
            var corpus = Corpus.Value;
            _output.WriteLine($"{what}: {sorted.Count} programs from {corpus.Count(f => !f.IsEmbedded)} files ({corpus.Where(f => !f.IsEmbedded).Sum(f => f.Text.Length)} characters) " +
                $"and {corpus.Count(f => f.IsEmbedded)} embedded test programs ({corpus.Where(f => f.IsEmbedded).Sum(f => f.Text.Length)} characters) in {clock.Elapsed.TotalSeconds:F1} s " +
                $"on {workers.Length} workers; per program median {sorted[sorted.Count / 2]:F0} ms, max {sorted[^1]:F0} ms");
            Assert.True(problems.IsEmpty, what + ": analyzer failures:\n" + string.Join("\n", problems.Take(20)));
            Assert.Equal(inputs.Count, sorted.Count);
        }

        private static void AssertClean(Sweep.Outcome outcome) =>
            Assert.True(outcome.Problems.IsEmpty, outcome.Label + ":\n" + string.Join("\n", outcome.Problems));

        private static List<string> Describe(ImmutableArray<Diagnostic> diagnostics) =>
            diagnostics.Select(d => d.Id + " " + d.Location.SourceSpan + " " + d.GetMessage())
                .OrderBy(s => s, StringComparer.Ordinal).ToList();

        // ---- the corpus ----

        internal sealed class CorpusFile
        {
            public CorpusFile(string name, string text, bool isEmbedded)
            {
                Name = name;
                Text = text;
                IsEmbedded = isEmbedded;
            }

            public string Name { get; }

            /// <summary>A C# program held in a test's string literal, rather than a file.</summary>
            public bool IsEmbedded { get; }

            public string Text { get; }
        }

        private static readonly Lazy<IReadOnlyList<CorpusFile>> Corpus = new Lazy<IReadOnlyList<CorpusFile>>(LoadCorpus);

        private static readonly Regex Markup = new Regex(@"\{\|(?:#\d+|[A-Za-z]+\d+):|\|\}|\[\||\|\]", RegexOptions.Compiled);

        /// <summary>
        /// Every .cs file under tests/, demo/ and runtime/ (build output excluded), and each C# program embedded
        /// in a test as a string literal (one that declares a type), with the test markup taken out.
        /// </summary>
        private static IReadOnlyList<CorpusFile> LoadCorpus()
        {
            var files = new List<CorpusFile>();
            string root = RepositoryPaths.RootFolder;
            foreach (string top in new[] { "tests", "demo", "runtime" })
            {
                foreach (string path in Directory.EnumerateFiles(Path.Combine(root, top), "*.cs", SearchOption.AllDirectories)
                    .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                    .OrderBy(p => p, StringComparer.Ordinal))
                {
                    string name = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                    string text = File.ReadAllText(path);
                    files.Add(new CorpusFile(name, text, isEmbedded: false));
                    if (!top.Equals("tests", StringComparison.Ordinal)) continue;
                    int n = 0;
                    foreach (var token in CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens())
                    {
                        if (!token.IsKind(SyntaxKind.StringLiteralToken) && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)) continue;
                        string value = token.ValueText;
                        if (value.Length < 40 || !Regex.IsMatch(value, @"\b(class|struct|interface|record)\s+\w")) continue;
                        files.Add(new CorpusFile(name + "#" + (++n), Markup.Replace(value, ""), isEmbedded: true));
                    }
                }
            }
            return files;
        }
    }

    /// <summary>One analysis of one program by every analyzer, with every way an analyzer failure can show.</summary>
    internal static class Sweep
    {
        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview);

        public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = AllAnalyzers.Create();

        /// <summary>No trees yet; each program is added to it, so the references are bound once and shared.</summary>
        public static readonly CSharpCompilation Base = CSharpCompilation.Create(
            "Sweep", references: TestReferences.All,
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));

        internal sealed class Outcome
        {
            public Outcome(string label, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<string> problems, TimeSpan elapsed)
            {
                Label = label;
                Diagnostics = diagnostics;
                Problems = problems;
                Elapsed = elapsed;
            }

            public string Label { get; }

            public ImmutableArray<Diagnostic> Diagnostics { get; }

            public ImmutableArray<string> Problems { get; }

            public TimeSpan Elapsed { get; }
        }

        /// <summary>Options for a run: internal errors reported (FDS9000), analyzer exceptions sent to <paramref name="onException"/>.</summary>
        public static CompilationWithAnalyzersOptions Options(Action<Exception, DiagnosticAnalyzer, Diagnostic>? onException) =>
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ReportInternalErrors()),
                onException, concurrentAnalysis: false, logAnalyzerExecutionTime: false);

        public static async Task<Outcome> AnalyzeAsync(string label, string source, TimeSpan bound)
        {
            var problems = new ConcurrentQueue<string>();
            var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: "/sweep.cs");
            var compilation = Base.AddSyntaxTrees(tree);
            Current.Value = problems;
            var clock = Stopwatch.StartNew();
            using var cancel = new CancellationTokenSource(bound);
            ImmutableArray<Diagnostic> diagnostics = ImmutableArray<Diagnostic>.Empty;
            try
            {
                var run = compilation.WithAnalyzers(Analyzers, Options((e, analyzer, d) => problems.Enqueue(analyzer.GetType().Name + " threw " + e)))
                    .GetAnalyzerDiagnosticsAsync(cancel.Token);
                var first = await Task.WhenAny(run, Task.Delay(bound + TimeSpan.FromSeconds(10))).ConfigureAwait(false);
                if (first != run)
                {
                    problems.Enqueue("hang: no result within " + bound + " (and cancellation was not honoured)");
                }
                else
                {
                    diagnostics = await run.ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                problems.Enqueue("hang: no result within " + bound);
            }
            finally
            {
                Current.Value = null;
            }
            clock.Stop();
            foreach (var d in diagnostics.Where(d => d.Id == "AD0001" || d.Id == "FDS9000"))
            {
                problems.Enqueue(d.Id + ": " + d.GetMessage());
            }
            return new Outcome(label, diagnostics, problems.ToImmutableArray(), clock.Elapsed);
        }

        /// <summary>Where the internal-error hook puts what it sees: the run on whose behalf the analysis runs.</summary>
        private static readonly AsyncLocal<ConcurrentQueue<string>?> Current = new AsyncLocal<ConcurrentQueue<string>?>();

        /// <summary>
        /// Installs the internal-error hook for a sweep: it records the failure for the current run and throws,
        /// so that the driver's exception callback sees it too. Dispose restores the previous hook.
        /// </summary>
        public static IDisposable HookInternalErrors()
        {
            var previous = CompilationAnalysis.InternalError;
            CompilationAnalysis.InternalError = e =>
            {
                Current.Value?.Enqueue("internal error: " + e);
                throw new InvalidOperationException("FdSafety analysis failed: " + e.Message, e);
            };
            return new Restore(previous);
        }

        private sealed class Restore : IDisposable
        {
            private readonly Action<Exception>? _previous;

            public Restore(Action<Exception>? previous) => _previous = previous;

            public void Dispose() => CompilationAnalysis.InternalError = _previous;
        }

        /// <summary>fdsafety.report_internal_errors = true for every tree.</summary>
        private sealed class ReportInternalErrors : AnalyzerConfigOptionsProvider
        {
            private static readonly Options Values = new Options();

            public override AnalyzerConfigOptions GlobalOptions => Values;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values;

            private sealed class Options : AnalyzerConfigOptions
            {
                public override bool TryGetValue(string key, out string value)
                {
                    if (key == "fdsafety.report_internal_errors")
                    {
                        value = "true";
                        return true;
                    }
                    value = null!;
                    return false;
                }
            }
        }
    }
}
