using System.Linq;
using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>
    /// FDS0003: a descriptor that reaches a method exit on some path still owned and open. Reported at
    /// the acquisition; each leaking exit (return, throw, end of method, the statement that drops or
    /// overwrites it) is an additional location.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LeakAnalyzer : FlowRuleAnalyzer
    {
        public LeakAnalyzer() : base(Descriptors.Leak, FdEventKind.Leak) { }

        protected override Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e)
        {
            var value = e.Value!;
            if (e.Exits.IsEmpty) return null;
            var first = e.Exits[0];
            string place = first == e.Location ? "the next pass of the loop, which acquires it again on line " + LineOf(first) : DescribeExit(first);
            string where = e.Detail != null
                ? " (" + e.Detail + ")"
                : " (it is lost at " + place + (e.Exits.Length > 1 ? " and " + (e.Exits.Length - 1) + " more" : "") + ")";
            var exits = e.Exits.Where(l => l != e.Location);
            return Diagnostic.Create(descriptor, e.Location, exits, e.Subject, value.Line, where);
        }
    }
}
