using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>FDS0005: a descriptor that may be -1 (its acquisition was never checked, or the check did not leave) is used.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UncheckedFailureAnalyzer : FlowRuleAnalyzer
    {
        /// <summary>Diagnostic property for the code fix: "start,length" of the acquiring call in the same file.</summary>
        public const string AcquiredSpanKey = "AcquiredSpan";

        public UncheckedFailureAnalyzer() : base(Descriptors.UncheckedFailure, FdEventKind.UncheckedUse) { }

        protected override Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e)
        {
            var acquired = e.Value!.Location;
            var properties = acquired.IsInSource && acquired.SourceTree == e.Location.SourceTree
                ? System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add(AcquiredSpanKey,
                    acquired.SourceSpan.Start.ToString(System.Globalization.CultureInfo.InvariantCulture) + "," + acquired.SourceSpan.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : null;
            return Diagnostic.Create(descriptor, e.Location, properties, e.Subject, e.Value.Line);
        }
    }
}
