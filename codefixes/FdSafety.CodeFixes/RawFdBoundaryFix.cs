using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0004: moves a raw descriptor boundary onto the runtime's types, the declaration and every
    /// use of it in the solution (other documents and projects) in one edit:
    /// a parameter the method only uses becomes <c>BorrowedFd</c> (<see cref="BorrowedFdParameter"/>),
    /// one it closes or keeps <c>OwnedFd</c> (<see cref="OwnedFdParameter"/>), a method returning a
    /// descriptor returns <c>OwnedFd</c> (<see cref="OwnedFdReturn"/>), a field holding one becomes
    /// <c>OwnedFd</c> with its type disposing it (<see cref="OwnedFdField"/>). Each offers its fix only
    /// when the program does the same afterwards, and the result must compile and be better under the
    /// rules (<see cref="SolutionEdit"/>).
    /// </summary>
    /// <remarks>
    /// One provider for all four: <c>dotnet format</c> runs the providers of an id one after another
    /// against diagnostics computed before the first, so a second provider of the same id finds its
    /// documents replaced and fixes nothing in that run.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RawFdBoundaryFix))]
    public sealed class RawFdBoundaryFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RawFdBoundary);

        public override FixAllProvider GetFixAllProvider() => new BoundaryFixAll();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var fix = await FixAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
                if (fix == null) continue;
                var solution = fix.Value.Solution;
                context.RegisterCodeFix(CodeAction.Create(fix.Value.Title, ct => Task.FromResult(solution), fix.Value.Key), diagnostic);
            }
        }

        /// <summary>The fix for the finding at <paramref name="span"/>: title, equivalence key and the changed solution.</summary>
        internal static async Task<(string Title, string Key, Solution Solution)?> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root == null) return null;
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            Solution? solution;
            if (node.AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault() != null)
            {
                solution = await BorrowedFdParameter.FixAsync(document, span, cancellationToken).ConfigureAwait(false);
                if (solution != null) return ("Take the descriptor as a BorrowedFd", BorrowedFdParameter.EquivalenceKey, solution);
                solution = await OwnedFdParameter.FixAsync(document, span, cancellationToken).ConfigureAwait(false);
                if (solution != null) return ("Take ownership of the descriptor as an OwnedFd", OwnedFdParameter.EquivalenceKey, solution);
                return null;
            }
            if (node.AncestorsAndSelf().OfType<VariableDeclaratorSyntax>().FirstOrDefault()?.Parent?.Parent is FieldDeclarationSyntax)
            {
                solution = await OwnedFdField.FixAsync(document, span, cancellationToken).ConfigureAwait(false);
                return solution == null ? ((string, string, Solution)?)null : ("Hold the descriptor in an OwnedFd the type disposes", OwnedFdField.EquivalenceKey, solution);
            }
            solution = await OwnedFdReturn.FixAsync(document, span, cancellationToken).ConfigureAwait(false);
            return solution == null ? ((string, string, Solution)?)null : ("Return the descriptor as an OwnedFd", OwnedFdReturn.EquivalenceKey, solution);
        }

        /// <summary>
        /// Fix All for fixes that edit several documents: the findings in scope are fixed one after
        /// another, each against the solution the previous one produced, found again there by the
        /// declaration's documentation id (and the parameter's name), since positions move.
        /// </summary>
        /// <remarks>
        /// All four kinds are applied whatever the equivalence key of the action it started from: a
        /// finding has one kind of fix, and <c>dotnet format</c> starts from its first finding, which
        /// may have none.
        /// </remarks>
        private sealed class BoundaryFixAll : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var diagnostics = new List<(DocumentId Document, Diagnostic Diagnostic)>();
                if (fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document != null)
                {
                    foreach (var d in await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false)) diagnostics.Add((fixAllContext.Document.Id, d));
                }
                else
                {
                    IEnumerable<Project> projects = fixAllContext.Scope == FixAllScope.Solution ? fixAllContext.Solution.Projects : new[] { fixAllContext.Project };
                    foreach (var project in projects)
                    {
                        foreach (var d in await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false))
                        {
                            var doc = project.Solution.GetDocument(d.Location.SourceTree);
                            if (doc != null) diagnostics.Add((doc.Id, d));
                        }
                    }
                }
                var solution = fixAllContext.Solution;
                var targets = new List<Target>();
                foreach (var (documentId, diagnostic) in diagnostics.OrderBy(d => d.Document.Id).ThenBy(d => d.Diagnostic.Location.SourceSpan.Start))
                {
                    var target = await Target.OfAsync(solution.GetDocument(documentId), diagnostic.Location.SourceSpan, fixAllContext.CancellationToken).ConfigureAwait(false);
                    if (target != null) targets.Add(target);
                }
                return CodeAction.Create("Move the raw descriptors onto OwnedFd and BorrowedFd", async ct =>
                {
                    var current = solution;
                    foreach (var target in targets)
                    {
                        var found = await target.LocateAsync(current, ct).ConfigureAwait(false);
                        if (found == null) continue;
                        var next = await FixAsync(found.Value.Document, found.Value.Span, ct).ConfigureAwait(false);
                        if (next != null) current = next.Value.Solution;
                    }
                    return current;
                }, nameof(RawFdBoundaryFix));
            }
        }

        /// <summary>A finding named by its declaration rather than its position: the member's documentation id, and the parameter's name or the return value.</summary>
        private sealed class Target
        {
            private readonly DocumentId _document;
            private readonly string _memberId;
            private readonly string? _parameter;
            private readonly bool _return;

            private Target(DocumentId document, string memberId, string? parameter, bool returnValue)
            {
                _document = document;
                _memberId = memberId;
                _parameter = parameter;
                _return = returnValue;
            }

            public static async Task<Target?> OfAsync(Document? document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
            {
                var root = document == null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = document == null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root == null || model == null) return null;
                var node = root.FindNode(span, getInnermostNodeForTie: true);
                var parameter = node.AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault();
                if (parameter != null)
                {
                    if (!(model.GetDeclaredSymbol(parameter, cancellationToken) is IParameterSymbol p)) return null;
                    var id = p.ContainingSymbol.GetDocumentationCommentId();
                    return id == null ? null : new Target(document!.Id, id, p.Name, false);
                }
                var declarator = node.AncestorsAndSelf().OfType<VariableDeclaratorSyntax>().FirstOrDefault();
                if (declarator?.Parent?.Parent is FieldDeclarationSyntax)
                {
                    var id = model.GetDeclaredSymbol(declarator, cancellationToken)?.GetDocumentationCommentId();
                    return id == null ? null : new Target(document!.Id, id, null, false);
                }
                var method = node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.ReturnType.Span == span);
                var methodId = method == null ? null : model.GetDeclaredSymbol(method, cancellationToken)?.GetDocumentationCommentId();
                return methodId == null ? null : new Target(document!.Id, methodId, null, true);
            }

            public async Task<(Document Document, Microsoft.CodeAnalysis.Text.TextSpan Span)?> LocateAsync(Solution solution, CancellationToken cancellationToken)
            {
                var document = solution.GetDocument(_document);
                var compilation = document == null ? null : await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                var tree = document == null ? null : await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
                if (compilation == null || tree == null) return null;
                var symbol = DocumentationCommentId.GetFirstSymbolForDeclarationId(_memberId, compilation);
                Location? location = null;
                if (_parameter != null) location = (symbol as IMethodSymbol)?.Parameters.FirstOrDefault(x => x.Name == _parameter)?.Locations.FirstOrDefault(l => l.SourceTree == tree);
                else if (_return)
                {
                    var declaration = symbol?.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree == tree)?.GetSyntax(cancellationToken) as MethodDeclarationSyntax;
                    location = declaration?.ReturnType.GetLocation();
                }
                else location = symbol?.Locations.FirstOrDefault(l => l.SourceTree == tree);
                return location == null ? ((Document, Microsoft.CodeAnalysis.Text.TextSpan)?)null : (document!, location.SourceSpan);
            }
        }
    }
}
