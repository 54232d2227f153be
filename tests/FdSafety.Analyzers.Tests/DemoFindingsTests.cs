using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// The bundled demos through every analyzer: naive-cat gets exactly the findings its faults call
    /// for, fdcat gets none (its build with warnings as errors says the same; this says it in a test).
    /// </summary>
    [Trait("Category", "Demo")]
    public class DemoFindingsTests
    {
        [Fact]
        public async Task NaiveCatGetsExactlyItsFaults()
        {
            var found = await AnalyzeAsync("demo/naive-cat");
            var expected = new[]
            {
                "FDS0003 Program.cs:33",  // OpenInput's descriptor lost at the write-error `return 1`
                "FDS0004 Program.cs:51",  // static int OpenInput(...) returns a raw descriptor
                "FDS0004 Program.cs:71",  // CopyTo(int fd, ...) takes one
                "FDS0003 Program.cs:58",  // lost at the directory branch's `return -1`
                "FDS0005 Program.cs:34",  // OpenInput's result used unchecked
                "FDS0005 Program.cs:59",  // fstat on an unchecked open
                "FDS0007 Program.cs:58",  // open without O_CLOEXEC
                "FDS0009 Program.cs:103", // Warn's write result dropped
            };
            Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal), found);
        }

        [Fact]
        public async Task FdcatIsClean()
        {
            var found = await AnalyzeAsync("demo/cat");
            Assert.Empty(found);
        }

        private static async Task<string[]> AnalyzeAsync(string project)
        {
            var folder = RepositoryPaths.Of(project);
            var trees = Directory.GetFiles(folder, "*.cs")
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f))
                .ToList();
            Assert.NotEmpty(trees);
            var compilation = CSharpCompilation.Create(
                Path.GetFileName(folder), trees, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            var analyzers = typeof(Descriptors).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            Assert.Equal(Descriptors.All.Length, analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Count());
            var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
            return diagnostics
                .Select(d => d.Id + " " + Path.GetFileName(d.Location.SourceTree!.FilePath) + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1))
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
        }
    }
}
