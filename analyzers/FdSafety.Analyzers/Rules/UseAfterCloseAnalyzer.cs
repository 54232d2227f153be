using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>FDS0002: a read, write or other use of a descriptor that is closed on some path.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UseAfterCloseAnalyzer : FlowRuleAnalyzer
    {
        public UseAfterCloseAnalyzer() : base(Descriptors.UseAfterClose, FdEventKind.UseAfterClose) { }

        protected override Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e) =>
            Diagnostic.Create(descriptor, e.Location, e.Subject, e.Value!.Line, e.OnEveryPath ? "" : " on some path");
    }
}
