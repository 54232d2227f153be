using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>FDS0005: a descriptor that may be -1 (its acquisition was never checked, or the check did not leave) is used.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UncheckedFailureAnalyzer : FlowRuleAnalyzer
    {
        public UncheckedFailureAnalyzer() : base(Descriptors.UncheckedFailure, FdEventKind.UncheckedUse) { }

        protected override Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e) =>
            Diagnostic.Create(descriptor, e.Location, e.Subject, e.Value!.Line);
    }
}
