using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>FDS0008: a read of a descriptor opened write-only (or a pipe's write end), or a write of one opened read-only (or the read end).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AccessModeAnalyzer : FlowRuleAnalyzer
    {
        public AccessModeAnalyzer() : base(Descriptors.AccessMode, FdEventKind.AccessMismatch) { }

        protected override Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e)
        {
            var parts = (e.Detail ?? "|").Split('|');
            return Diagnostic.Create(descriptor, e.Location, e.Subject, e.Value!.Line, parts[0], parts.Length > 1 ? parts[1] : "call");
        }
    }
}
