using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace FdSafety.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// Runs one analyzer over test source written with markup: <c>{|FDS0001:...|}</c> marks the exact
    /// span of each expected diagnostic; anything reported and not marked fails the test, and so does
    /// any compiler error in the source.
    /// </summary>
    public static class AnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

        public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
            VerifyAsync(source, editorConfig: null, expected);

        public static async Task VerifyAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            if (editorConfig != null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
            }
            test.ExpectedDiagnostics.AddRange(expected);
            await test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.Assemblies;
                TestState.AdditionalReferences.AddRange(TestReferences.All);
                // Additional locations (a leak's exits) are checked by the tests that list them.
                TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck;
                // The analysis swallows its own failures in production; in tests they must surface (as AD0001).
                FdSafety.Analyzers.Flow.CompilationAnalysis.InternalError = e => throw new System.InvalidOperationException("FdSafety analysis failed: " + e, e);
            }
        }
    }
}
