using System.Collections.Immutable;
using FdSafety.Analyzers.Flow;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>
    /// FDS0007: a libc call that creates a descriptor without close-on-exec (open without O_CLOEXEC,
    /// pipe, dup, accept, socket without SOCK_CLOEXEC ...). Reported on the call. What counts as
    /// setting the flag, and where each call carries it, is <see cref="CloexecTable"/>'s business.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingCloexecAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic properties for the code fix: the C call, the remedy, the parameter and the flag.</summary>
        public const string EntryPointKey = "EntryPoint", RemedyKey = "Remedy", OrdinalKey = "Ordinal", FlagKey = "Flag";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.MissingCloexec);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                // Any compilation may declare its own [DllImport("libc")], so there is no type whose
                // absence rules the rule out; the syntax pre-pass filters each call by name first.
                // Calls are found by name in the syntax first (libc's entry points, the compilation's own
                // bindings); only those are bound.
                var table = new CloexecTable();
                var analysis = CompilationAnalysis.For(start.Compilation, start.Options);
                start.RegisterCodeBlockAction(block =>
                {
                    var relevance = analysis.Relevance;
                    foreach (var syntax in Relevance.CallsNamed(block.CodeBlock, name => CloexecTable.IsEntryPoint(name) || relevance.IsBindingName(name)))
                    {
                        if (!(block.SemanticModel.GetOperation(syntax, block.CancellationToken) is IInvocationOperation invocation)) continue;
                        if (table.FindMissing(invocation) is CloexecFinding finding)
                        {
                            var properties = ImmutableDictionary<string, string?>.Empty
                                .Add(EntryPointKey, finding.EntryPoint)
                                .Add(RemedyKey, finding.Remedy.ToString())
                                .Add(OrdinalKey, finding.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture))
                                .Add(FlagKey, finding.Flag);
                            block.ReportDiagnostic(Diagnostic.Create(
                                Descriptors.MissingCloexec, invocation.Syntax.GetLocation(), properties, finding.Call, finding.Advice));
                        }
                    }
                });
            });
        }
    }
}
