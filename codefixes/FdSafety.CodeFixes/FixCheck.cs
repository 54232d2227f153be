using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// The last word on a structural fix: the rewritten document must compile without errors in the
    /// rewritten member, and the FdSafety analyzers must find it no worse there — the diagnostic being
    /// fixed gone, no new close, use-after-close, leak or not-owned finding. A rewrite that fails this
    /// check is not offered: a callee that closes or keeps the descriptor, for example, shows up as a
    /// new finding once the descriptor has an owner.
    /// </summary>
    internal static class FixCheck
    {
        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t))
            .ToImmutableArray();

        /// <summary>
        /// True when <paramref name="after"/>, in the member annotated with <paramref name="member"/>,
        /// has no compiler error and, for every FdSafety id, at most as many findings as the original
        /// member had, and fewer of <paramref name="fixedId"/>.
        /// </summary>
        public static Task<bool> IsBetterAsync(Document before, TextSpan memberBefore, Document after, SyntaxAnnotation member, string fixedId, CancellationToken cancellationToken) =>
            CompareAsync(before, memberBefore, after, member, fixedId, cancellationToken);

        /// <summary>
        /// True when <paramref name="after"/>, in the member annotated with <paramref name="member"/>, has no
        /// compiler error and, for every FdSafety id, at most as many findings as the original member had:
        /// the check for the members a fix changes on the way (the callers of a changed signature).
        /// </summary>
        public static Task<bool> IsNoWorseAsync(Document before, TextSpan memberBefore, Document after, SyntaxAnnotation member, CancellationToken cancellationToken) =>
            CompareAsync(before, memberBefore, after, member, null, cancellationToken);

        private static async Task<bool> CompareAsync(Document before, TextSpan memberBefore, Document after, SyntaxAnnotation member, string? fixedId, CancellationToken cancellationToken)
        {
            var rootAfter = await after.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var node = rootAfter?.GetAnnotatedNodes(member).FirstOrDefault();
            if (node == null) return false;
            var modelAfter = await after.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (modelAfter == null) return false;
            if (modelAfter.GetDiagnostics(node.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error)) return false;

            var old = await FindingsAsync(before, memberBefore, cancellationToken).ConfigureAwait(false);
            var now = await FindingsAsync(after, node.Span, cancellationToken).ConfigureAwait(false);
            if (old.IsDefault || now.IsDefault) return false;
            foreach (var group in now.GroupBy(d => d.Id))
            {
                int was = old.Count(d => d.Id == group.Key);
                if (group.Count() > was) return false;
            }
            return fixedId == null || now.Count(d => d.Id == fixedId) < old.Count(d => d.Id == fixedId);
        }

        private static async Task<ImmutableArray<Diagnostic>> FindingsAsync(Document document, TextSpan span, CancellationToken cancellationToken)
        {
            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            if (compilation == null || tree == null) return default;
            var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
                document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
            var model = compilation.GetSemanticModel(tree);
            var all = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, span, cancellationToken).ConfigureAwait(false);
            return all.Where(d => d.Location.IsInSource && span.Contains(d.Location.SourceSpan)).ToImmutableArray();
        }
    }
}
