using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace FdSafety.CodeFixes.Tests.Verifiers
{
    /// <summary>
    /// Runs one analyzer and one code fix over markup source: the diagnostics marked in the source
    /// must be exactly those reported, the fix applied one diagnostic at a time must give exactly the
    /// fixed text, and so must Fix All at document, project and solution scope. The fixed code must
    /// compile without errors and the analyzer must report nothing more in it (unless the test lists
    /// what remains).
    /// </summary>
    public static class CodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

        public static Task VerifyAsync(string source, string fixedSource) =>
            new Test { TestCode = source, FixedCode = fixedSource }.RunAsync(CancellationToken.None);

        /// <summary>The diagnostics marked in the source are reported, and the fix offers nothing for them.</summary>
        public static Task VerifyNoFixAsync(string source) =>
            new Test { TestCode = source, FixedCode = source }.RunAsync(CancellationToken.None);

        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.Assemblies;
                TestState.AdditionalReferences.AddRange(TestReferences.All);
                FixedState.AdditionalReferences.AddRange(TestReferences.All);
                BatchFixedState.AdditionalReferences.AddRange(TestReferences.All);
                TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck;
                FdSafety.Analyzers.Flow.CompilationAnalysis.InternalError = e => throw new System.InvalidOperationException("FdSafety analysis failed: " + e, e);
            }

            protected override CompilationOptions CreateCompilationOptions() =>
                ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(true);
        }
    }
}
