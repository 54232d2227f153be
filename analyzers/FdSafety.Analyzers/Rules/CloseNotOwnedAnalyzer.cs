using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>FDS0006: a close of a descriptor that belongs to someone else (stdio, a borrow, a SafeHandle, a new owner).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CloseNotOwnedAnalyzer : FlowRuleAnalyzer
    {
        public CloseNotOwnedAnalyzer() : base(Descriptors.CloseNotOwned, FdEventKind.CloseNotOwned) { }

        protected override Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e) =>
            Diagnostic.Create(descriptor, e.Location, e.Subject, e.Detail ?? "borrowed");
    }
}
