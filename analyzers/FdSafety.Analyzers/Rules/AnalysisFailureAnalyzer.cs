using System.Collections.Immutable;
using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>
    /// FDS9000: the flow analysis of a member failed with an internal error. Silent unless the tree's
    /// options say <c>fdsafety.report_internal_errors = true</c>; then it names the member and the error,
    /// so a user knows which code went unchecked instead of getting fewer findings without a trace.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AnalysisFailureAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.AnalysisFailure);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var analysis = CompilationAnalysis.For(start.Compilation, start.Options);
                start.RegisterCodeBlockAction(block =>
                {
                    var tree = block.CodeBlock.SyntaxTree;
                    if (!analysis.TableFor(tree).Options.ReportInternalErrors) return;
                    foreach (var result in analysis.Analyze(block))
                    {
                        if (result.Error == null) continue;
                        var symbol = block.OwningSymbol;
                        var location = symbol.Locations.IsEmpty || !symbol.Locations[0].IsInSource ? result.FailedBody!.GetLocation() : symbol.Locations[0];
                        string error = result.Error.GetType().Name + " (" + FirstLine(result.Error.Message) + ")";
                        block.ReportDiagnostic(Diagnostic.Create(Descriptors.AnalysisFailure, location, symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), error));
                    }
                });
            });
        }

        private static string FirstLine(string message)
        {
            int newline = message.IndexOfAny(new[] { '\r', '\n' });
            return newline < 0 ? message : message.Substring(0, newline);
        }
    }
}
