using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>FDS0001: a close (or Dispose) of a descriptor that is already closed on some path.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DoubleCloseAnalyzer : FlowRuleAnalyzer
    {
        public DoubleCloseAnalyzer() : base(Descriptors.DoubleClose, FdEventKind.DoubleClose) { }

        protected override Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e) =>
            Diagnostic.Create(descriptor, e.Location, e.Subject, e.Value!.Line, e.OnEveryPath ? "" : " on some path");
    }
}
