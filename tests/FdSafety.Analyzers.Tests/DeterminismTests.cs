using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// The same code gets the same findings on every run, concurrent or sequential, whatever was
    /// summarized first: a corpus with long helper chains, mutually recursive helpers, a body that calls
    /// hundreds of helpers, and the demos, analyzed several times both ways.
    /// </summary>
    public class DeterminismTests
    {
        private const int ChainLength = 12;
        private const int Fanout = 300;
        private const int Cycles = 20;

        [Fact]
        public async Task ConcurrentAndSequentialRunsGiveIdenticalFindings()
        {
            var trees = Corpus();
            var runs = new List<string[]>();
            for (int i = 0; i < 3; i++)
            {
                runs.Add(await AnalyzeAsync(trees, concurrent: true));
                runs.Add(await AnalyzeAsync(trees, concurrent: false));
            }
            var first = runs[0];
            Assert.NotEmpty(first);
            for (int i = 1; i < runs.Count; i++)
            {
                var missing = first.Except(runs[i]).ToList();
                var extra = runs[i].Except(first).ToList();
                Assert.True(missing.Count == 0 && extra.Count == 0 && first.Length == runs[i].Length,
                    $"run {i} ({(i % 2 == 0 ? "concurrent" : "sequential")}) differs from run 0: missing {string.Join("; ", missing)}; extra {string.Join("; ", extra)}");
            }
        }

        [Fact]
        public async Task SummariesAreNotCutByChainLengthOrByHowManyHelpersABodyCalls()
        {
            var found = await AnalyzeAsync(Corpus().Take(1).ToImmutableArray(), concurrent: true);
            // The close at the end of a twelve-call chain makes the caller's own close a double close.
            Assert.Contains(found, d => d.StartsWith("FDS0001 Generated.cs:" + ChainCloseLine + ":", StringComparison.Ordinal));
            // The last of three hundred helpers closes: the read after the calls is a use after close.
            Assert.Contains(found, d => d.StartsWith("FDS0002 Generated.cs:" + FanoutUseLine + ":", StringComparison.Ordinal));
            // Close() then Dispose() both close the field through the virtual Dispose(bool).
            Assert.Contains(found, d => d.StartsWith("FDS0001 Generated.cs:" + DisposeTwiceLine + ":", StringComparison.Ordinal));
            // No member of Kept0 closes its field: the descriptor opened into it leaks.
            Assert.Contains(found, d => d.StartsWith("FDS0003 Generated.cs:" + KeptLeakLine + ":", StringComparison.Ordinal) && d.Contains("kept in the field"));
        }

        private static int ChainCloseLine;
        private static int DisposeTwiceLine;
        private static int KeptLeakLine;
        private static int FanoutUseLine;

        private static ImmutableArray<SyntaxTree> Corpus()
        {
            var sb = new StringBuilder();
            int line = 1;
            void Line(string text)
            {
                sb.Append(text).Append('\n');
                line++;
            }

            Line("using System;");
            Line("using Mono.Unix.Native;");
            Line("public static class Chain");
            Line("{");
            for (int i = 0; i < ChainLength - 1; i++) Line($"    public static void H{i}(int fd) => H{i + 1}(fd);");
            Line($"    public static void H{ChainLength - 1}(int fd) {{ Syscall.close(fd); }}");
            Line("    public static void UseChain(string path)");
            Line("    {");
            Line("        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);");
            Line("        if (fd < 0) return;");
            Line("        H0(fd);");
            ChainCloseLine = line;
            Line("        Syscall.close(fd);");
            Line("    }");
            Line("}");
            Line("public static class Fanout");
            Line("{");
            for (int i = 0; i < Fanout - 1; i++) Line($"    public static long R{i}(int fd, IntPtr b) => Syscall.read(fd, b, 16);");
            Line($"    public static long R{Fanout - 1}(int fd, IntPtr b) {{ Syscall.close(fd); return 0; }}");
            Line("    public static long Many(string path)");
            Line("    {");
            Line("        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);");
            Line("        if (fd < 0) return -1;");
            Line("        IntPtr b = IntPtr.Zero;");
            Line("        long n = 0;");
            for (int i = 0; i < Fanout; i++) Line($"        n += R{i}(fd, b);");
            FanoutUseLine = line;
            Line("        n += Syscall.read(fd, b, 16);");
            Line("        return n;");
            Line("    }");
            Line("}");
            Line("public static class Mutual");
            Line("{");
            for (int i = 0; i < Cycles; i++)
            {
                Line($"    public static long A{i}(int fd, int n) => n <= 0 ? 0 : B{i}(fd, n - 1) + C{i}(fd, n - 1);");
                Line($"    public static long B{i}(int fd, int n) {{ if (n == 7) {{ Syscall.close(fd); return 0; }} return A{i}(fd, n - 1); }}");
                Line($"    public static long C{i}(int fd, int n) => n <= 1 ? 1 : A{i}(fd, n - 2) + B{i}(fd, n - 2);");
                Line($"    public static void Top{i}(string path)");
                Line("    {");
                Line("        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);");
                Line("        if (fd < 0) return;");
                Line($"        B{i}(fd, 3);");
                Line("        Syscall.close(fd);");
                Line("    }");
            }
            Line("}");
            // Descriptor fields: a member pair that closes twice through a virtual Dispose(bool), and a field no member closes.
            for (int i = 0; i < Cycles; i++)
            {
                Line($"public class Held{i} : IDisposable");
                Line("{");
                Line("    private int _fd;");
                Line($"    public Held{i}(string p) {{ _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }}");
                Line("    public void Close() { Dispose(true); }");
                if (i == 0) DisposeTwiceLine = line;
                Line("    public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }");
                Line("    protected virtual void Dispose(bool disposing) { Syscall.close(_fd); }");
                Line("    public void Flush() { Syscall.fsync(_fd); }");
                Line("}");
                Line($"public sealed class Kept{i} : IDisposable");
                Line("{");
                Line("    private int _fd;");
                if (i == 0) KeptLeakLine = line;
                Line($"    public Kept{i}(string p) {{ _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }}");
                Line("    public void Sync() { Syscall.fsync(_fd); }");
                Line("    public void Dispose() { }");
                Line("}");
            }

            var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(sb.ToString(), path: "Generated.cs") };
            foreach (var project in new[] { "demo/naive-cat", "demo/cat" })
            {
                foreach (var file in Directory.GetFiles(RepositoryPaths.Of(project), "*.cs").OrderBy(f => f, StringComparer.Ordinal))
                {
                    trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: Path.GetFileName(project) + "/" + Path.GetFileName(file)));
                }
            }
            return trees.ToImmutableArray();
        }

        private static async Task<string[]> AnalyzeAsync(ImmutableArray<SyntaxTree> trees, bool concurrent)
        {
            var results = new List<string>();
            // One compilation per demo (each has a Main), the generated code with each; the generated code alone when there is no demo.
            var groups = trees.Length == 1
                ? new[] { (Key: "generated", Trees: trees.ToList()) }
                : trees.Skip(1).GroupBy(t => t.FilePath.Split('/')[0]).Select(g => (Key: g.Key, Trees: new[] { trees[0] }.Concat(g).ToList())).ToArray();
            foreach (var group in groups)
            {
                var compilation = CSharpCompilation.Create(
                    "determinism-" + group.Key, group.Trees, TestReferences.All,
                    new CSharpCompilationOptions(trees.Length == 1 ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication,
                        allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
                var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, string.Join("\n", errors));
                var analyzers = typeof(Descriptors).Assembly.GetTypes()
                    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                        && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
                    .OrderBy(t => t.FullName, StringComparer.Ordinal)
                    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                    .ToImmutableArray();
                var options = new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
                    concurrentAnalysis: concurrent, logAnalyzerExecutionTime: false);
                var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
                results.AddRange(diagnostics.Select(Describe));
            }
            return results.OrderBy(s => s, StringComparer.Ordinal).ToArray();
        }

        private static string Describe(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            var extra = string.Join(",", d.AdditionalLocations.Select(l => l.GetLineSpan().StartLinePosition.Line + 1));
            return $"{d.Id} {span.Path}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1} [{extra}] {d.GetMessage()}";
        }
    }
}
