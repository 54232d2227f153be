using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
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
    /// A body the pre-pass holds relevant only because it calls, by name, a method that names a descriptor API is bound only
    /// when a method the call may bind to acts on descriptors at the call (by its final summary): a call of a helper that
    /// names libc but does nothing with a descriptor leaves the caller unbound, and a call of one that opens a descriptor
    /// does not. A body whose own code may act (it returns a field, keeps a parameter, closes something) is always analyzed.
    /// </summary>
    [Collection(nameof(AnalysisHooks))]
    public class ThroughCallsTests
    {
        private const string Source = @"using System;
using Mono.Unix.Native;

public static class Files
{
    public static int Pid() => Syscall.getpid();
    public static int Open(string path) => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
}

public class User
{
    public void UsesPid() { var p = Files.Pid(); Console.WriteLine(p); }
    public void Leaks() { var fd = Files.Open(""/tmp/x""); Console.WriteLine(fd); }
    public static int ReturnsField() { Files.Pid(); return Counter.Count; }
}

public static class Counter
{
    public static int Count;
}
";

        [Theory]
        [InlineData("UsesPid", "IfCalleesAct", false)]
        [InlineData("Leaks", "IfCalleesAct", true)]
        [InlineData("ReturnsField", "Yes", true)]
        public void ABodyRelevantThroughCallsIsBoundOnlyIfACalleeActs(string method, string reporting, bool bound)
        {
            var tree = CSharpSyntaxTree.ParseText(Source, path: "/through/" + System.Guid.NewGuid() + ".cs");
            var compilation = CSharpCompilation.Create("through", new[] { tree }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var analysis = CompilationAnalysis.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
            var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
            var symbol = compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration)!;
            Assert.Equal(reporting, analysis.Relevance.ReportingOf(declaration, symbol).ToString());

            var analyzed = new ConcurrentBag<string>();
            var previous = CompilationAnalysis.FaultInjection;
            CompilationAnalysis.FaultInjection = body =>
            {
                if (body.SemanticModel?.GetDeclaredSymbol(body.Syntax) is IMethodSymbol m) analyzed.Add(m.Name);
            };
            ImmutableArray<FlowResult> results;
            try
            {
                results = analysis.Analyze(symbol, symbol.DeclaringSyntaxReferences[0], default);
            }
            finally
            {
                CompilationAnalysis.FaultInjection = previous;
            }
            Assert.Equal(bound, analyzed.Contains(method));
            // The helper whose summary decides is bound either way; the caller that does nothing gets no results.
            Assert.Contains(method == "ReturnsField" ? "ReturnsField" : method == "Leaks" ? "Open" : "Pid", analyzed);
            if (!bound) Assert.True(results.IsEmpty);
        }

        [Fact]
        public async System.Threading.Tasks.Task TheLeakThroughTheActingHelperIsStillReported()
        {
            var expected = new[] { "FDS0003" };
            var tree = CSharpSyntaxTree.ParseText(Source, path: "/through/leak.cs");
            var compilation = CSharpCompilation.Create("through-leak", new[] { tree }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var diagnostics = await compilation.WithAnalyzers(Sweep.Analyzers, Sweep.Options(null)).GetAnalyzerDiagnosticsAsync();
            var inLeaks = diagnostics.Where(d => d.Location.SourceTree == tree && tree.GetRoot().FindNode(d.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Identifier.ValueText == "Leaks")
                .Select(d => d.Id).Distinct().ToArray();
            var inUsesPid = diagnostics.Where(d => d.Location.SourceTree == tree && tree.GetRoot().FindNode(d.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Identifier.ValueText == "UsesPid");
            Assert.Equal(expected, inLeaks);
            Assert.Empty(inUsesPid);
        }
    }
}
