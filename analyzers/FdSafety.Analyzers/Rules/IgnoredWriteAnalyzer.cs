using System;
using System.Collections.Immutable;
using FdSafety.Analyzers.Flow;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>
    /// FDS0009: a write whose byte count is thrown away by an expression statement. The calls are
    /// libc's writes (<see cref="LibcTable.Writes"/>, in any binding) and the runtime's Fd methods of
    /// the same names that return a count (Fd.Write, Fd.PWrite; Fd.WriteAll returns nothing and loops
    /// itself). <c>_ = write(...)</c> is a discard on purpose and is not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IgnoredWriteAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.IgnoredWrite);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                // The runtime's Fd, if referenced; libc bindings may be declared by any compilation.
                var runtimeFd = start.Compilation.GetTypeByMetadataName("FdSafety.Fd");
                // Calls are found by name in the syntax first; only those are bound.
                var analysis = CompilationAnalysis.For(start.Compilation, start.Options);
                start.RegisterCodeBlockAction(block =>
                {
                    var relevance = analysis.Relevance;
                    foreach (var syntax in Relevance.CallsNamed(block.CodeBlock, name => LibcTable.Writes.Contains(name.ToLowerInvariant()) || relevance.IsBindingName(name)))
                    {
                        if (!(block.SemanticModel.GetOperation(syntax, block.CancellationToken) is IInvocationOperation invocation)) continue;
                        if (!(invocation.Parent is IExpressionStatementOperation)) continue;
                        var name = WriteName(invocation.TargetMethod, runtimeFd);
                        if (name != null)
                        {
                            block.ReportDiagnostic(Diagnostic.Create(Descriptors.IgnoredWrite, invocation.Syntax.GetLocation(), name));
                        }
                    }
                });
            });
        }

        /// <summary>The name for the message when the method is a write that returns how much it wrote; otherwise null.</summary>
        private static string? WriteName(IMethodSymbol? method, INamedTypeSymbol? runtimeFd)
        {
            if (method == null || !method.IsStatic || method.ReturnsVoid) return null;
            if (runtimeFd != null && SymbolEqualityComparer.Default.Equals(method.ContainingType, runtimeFd))
            {
                return LibcTable.Writes.Contains(method.Name.ToLowerInvariant()) ? "Fd." + method.Name : null;
            }
            bool candidate = LibcTable.Writes.Contains(method.Name) || method.IsExtern
                || method.PartialDefinitionPart != null || method.PartialImplementationPart != null;
            if (!candidate || !OwnershipTable.IsLibcMethod(method, out var entry) || !LibcTable.Writes.Contains(entry)) return null;
            return string.Equals(entry, method.Name, StringComparison.Ordinal) ? entry : method.Name + " (" + entry + ")";
        }
    }
}
