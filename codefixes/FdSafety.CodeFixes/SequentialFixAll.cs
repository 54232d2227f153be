using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// Fix All for the document-level fixes: in each document, fix one finding, analyze again, fix the
    /// next, until no finding of the ids left has a fix. Each fix is computed on the code as the
    /// previous ones left it, so fixes that touch the same block (or both add <c>using FdSafety;</c>)
    /// compose instead of conflicting, and the fix's own checks see the real code.
    /// </summary>
    /// <remarks>
    /// The equivalence key is not used to pick the actions: each provider offers one kind of fix per
    /// finding, and <c>dotnet format</c> builds its Fix All context from whatever its first finding
    /// offered — nothing, when that finding has no fix — so a key filter would throw away every fix.
    /// </remarks>
    internal static class SequentialFixAll
    {
        private const int MaxFixesPerDocument = 200;

        public static FixAllProvider For(CodeFixProvider provider) =>
            FixAllProvider.Create(
                (context, document, diagnostics) => FixDocumentAsync(provider, context.DiagnosticIds.ToImmutableHashSet(), document, context.CancellationToken),
                ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution));

        private static async Task<Document?> FixDocumentAsync(CodeFixProvider provider, ImmutableHashSet<string> ids, Document document, CancellationToken cancellationToken)
        {
            var current = document;
            var unfixable = new HashSet<string>(StringComparer.Ordinal);
            for (int round = 0; round < MaxFixesPerDocument; round++)
            {
                var findings = await FindingsAsync(current, ids, cancellationToken).ConfigureAwait(false);
                var text = await current.GetTextAsync(cancellationToken).ConfigureAwait(false);
                CodeAction? action = null;
                foreach (var diagnostic in findings)
                {
                    string key = diagnostic.Id + "|" + text.ToString(diagnostic.Location.SourceSpan) + "|" + diagnostic.GetMessage();
                    if (unfixable.Contains(key)) continue;
                    var actions = new List<CodeAction>();
                    await provider.RegisterCodeFixesAsync(new CodeFixContext(current, diagnostic, (a, _) => actions.Add(a), cancellationToken)).ConfigureAwait(false);
                    if (actions.Count == 0)
                    {
                        unfixable.Add(key);
                        continue;
                    }
                    action = actions[0];
                    break;
                }
                if (action == null) break;
                var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                var apply = operations.OfType<ApplyChangesOperation>().FirstOrDefault();
                var next = apply?.ChangedSolution.GetDocument(document.Id);
                if (next == null) break;
                current = next;
            }
            return current;
        }

        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t))
            .ToImmutableArray();

        private static async Task<ImmutableArray<Diagnostic>> FindingsAsync(Document document, ImmutableHashSet<string> ids, CancellationToken cancellationToken)
        {
            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            if (compilation == null || tree == null) return ImmutableArray<Diagnostic>.Empty;
            var analyzers = Analyzers.Where(a => a.SupportedDiagnostics.Any(d => ids.Contains(d.Id))).ToImmutableArray();
            if (analyzers.IsEmpty) return ImmutableArray<Diagnostic>.Empty;
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, cancellationToken).ConfigureAwait(false);
            var syntaxDiagnostics = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false);
            return diagnostics.Concat(syntaxDiagnostics)
                .Where(d => ids.Contains(d.Id) && d.Location.IsInSource && d.Location.SourceTree == tree)
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
        }
    }
}
