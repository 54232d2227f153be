using System.Collections.Immutable;
using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>FDS0001: a close (or Dispose) of a descriptor that is already closed on some path.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DoubleCloseAnalyzer : FlowRuleAnalyzer
    {
        /// <summary>Diagnostic property for the code fix: "true" when the descriptor is closed on every path to this close.</summary>
        public const string OnEveryPathKey = "OnEveryPath";

        private static readonly ImmutableDictionary<string, string?> EveryPath = ImmutableDictionary<string, string?>.Empty.Add(OnEveryPathKey, "true");
        private static readonly ImmutableDictionary<string, string?> SomePath = ImmutableDictionary<string, string?>.Empty.Add(OnEveryPathKey, "false");

        public DoubleCloseAnalyzer() : base(Descriptors.DoubleClose, FdEventKind.DoubleClose) { }

        protected override Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e) =>
            Diagnostic.Create(descriptor, e.Location, e.OnEveryPath ? EveryPath : SomePath, e.Subject, e.Value!.Line, e.Detail != null ? " " + e.Detail : e.OnEveryPath ? "" : " on some path");
    }
}
