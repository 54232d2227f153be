using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>These tests swap the analysis' static hooks, so nothing else may run beside them.</summary>
    [CollectionDefinition(nameof(AnalysisHooks), DisableParallelization = true)]
    public sealed class AnalysisHooks
    {
    }

    /// <summary>
    /// FDS9000: an internal failure of the flow analysis is never lost without a trace. The tests make the
    /// analysis of one method fail (a test-only fault injection) and check that, with
    /// fdsafety.report_internal_errors = true, the failure is reported at that method, naming it and the
    /// error, that without the option nothing is reported, and that other methods keep their findings.
    /// </summary>
    [Collection(nameof(AnalysisHooks))]
    public class AnalysisFailureTests
    {
        private const string Source = @"
using Mono.Unix.Native;
public static class C
{
    public static void {|#0:Broken|}(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
    }

    public static void Fine(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
    }
}";

        private static async Task RunWithFaultIn(string methodName, string? editorConfig, ConcurrentBag<Exception> seen, params DiagnosticResult[] expected)
        {
            var test = new AllAnalyzers.Test(AllAnalyzers.Create()) { TestCode = Source };
            if (editorConfig != null) test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
            test.ExpectedDiagnostics.AddRange(expected);
            var previousHook = CompilationAnalysis.InternalError;
            CompilationAnalysis.InternalError = e => seen.Add(e);
            CompilationAnalysis.FaultInjection = body =>
            {
                if (body.SemanticModel?.GetDeclaredSymbol(body.Syntax) is IMethodSymbol m && m.Name == methodName)
                {
                    throw new InvalidOperationException("injected fault");
                }
            };
            try
            {
                await test.RunAsync(CancellationToken.None);
            }
            finally
            {
                CompilationAnalysis.FaultInjection = null;
                CompilationAnalysis.InternalError = previousHook;
            }
        }

        [Fact]
        public async Task ReportedWhenTheOptionIsOn()
        {
            var seen = new ConcurrentBag<Exception>();
            await RunWithFaultIn("Broken", "fdsafety.report_internal_errors = true", seen,
                new DiagnosticResult("FDS9000", DiagnosticSeverity.Warning).WithLocation(0)
                    .WithArguments("C.Broken(string)", "InvalidOperationException (injected fault)"));
            Assert.NotEmpty(seen);
        }

        [Fact]
        public async Task SilentWithoutTheOptionButTheHookSeesIt()
        {
            var seen = new ConcurrentBag<Exception>();
            await RunWithFaultIn("Broken", null, seen);
            Assert.NotEmpty(seen);
            Assert.All(seen, e => Assert.Equal("injected fault", e.Message));
        }

        [Fact]
        public async Task NotReportedWhenNothingFails()
        {
            var seen = new ConcurrentBag<Exception>();
            // Broken is analyzed now, and its own leak is found.
            await RunWithFaultIn("NoSuchMethod", "fdsafety.report_internal_errors = true", seen,
                new DiagnosticResult("FDS0003", DiagnosticSeverity.Warning).WithSpan(7, 18, 7, 75).WithSpan(9, 5, 9, 6)
                    .WithArguments("fd", "7", " (it is lost at the end of the method on line 9)"));
            Assert.Empty(seen);
        }
    }
}
