using System.Linq;
using System.Collections.Immutable;
using System.Threading.Tasks;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace FdSafety.CodeFixes.Tests
{
    public class ScratchTests
    {
        private readonly ITestOutputHelper _out;
        public ScratchTests(ITestOutputHelper o) { _out = o; }

        [Fact]
        public async Task Scratch()
        {
            DebugTrace.Log = m => _out.WriteLine("TRACE " + m);
            var src = System.IO.File.ReadAllText("/tmp/codefixes-dbg/in.cs");
            var refs = (await TestReferences.Assemblies.ResolveAsync(LanguageNames.CSharp, default)).AddRange(TestReferences.All);
            var ws = new AdhocWorkspace();
            var proj = ws.AddProject("p", LanguageNames.CSharp).WithMetadataReferences(refs)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
            var doc = proj.AddDocument("a.cs", src);
            var comp = (await doc.Project.GetCompilationAsync())!;
            foreach (var d in comp.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)) _out.WriteLine("ERR " + d);
            var analyzers = typeof(FdSafety.Analyzers.DiagnosticIds).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)).Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!).ToImmutableArray();
            foreach (var d in await comp.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync()) _out.WriteLine(d.ToString());
            var tree = (await doc.GetSyntaxTreeAsync())!;
            foreach (var d in (await comp.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync()).Where(d => d.Id == "FDS0004"))
            {
                var fix = await RawFdBoundaryFix.FixAsync(doc, d.Location.SourceSpan, default);
                _out.WriteLine("FIX " + d.GetMessage() + " -> " + (fix == null ? "none" : fix.Value.Key));
                if (fix != null) _out.WriteLine((await fix.Value.Solution.GetDocument(doc.Id)!.GetTextAsync()).ToString());
            }
        }
    }
}
