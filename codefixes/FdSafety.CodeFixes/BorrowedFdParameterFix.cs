using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0004 for a parameter the method only uses: <c>int fd</c> becomes <c>BorrowedFd fd</c>, its
    /// uses in the body <c>fd.AsRawFd()</c>, and every call in the solution (other documents and
    /// projects) passes what it lends: <c>owner.AsRawFd()</c> becomes <c>owner</c> (an OwnedFd converts
    /// implicitly), <c>b.AsRawFd()</c> of a BorrowedFd becomes <c>b</c>, 0/1/2 become
    /// <c>BorrowedFd.Stdin</c>/<c>Stdout</c>/<c>Stderr</c>. One solution edit per fix; its own
    /// <see cref="FixAllProvider"/> applies several in turn.
    /// </summary>
    /// <remarks>
    /// Offered only when nothing can change at run time: every call site passes one of those forms (a
    /// raw number could be -1, which <c>BorrowedFd.BorrowRaw</c> refuses while the old code ran on), the
    /// method is not virtual, abstract, an override, an interface member, extern or partial, and in the
    /// body the parameter is only read (never closed, assigned, passed by ref or captured). The new
    /// code must compile in every changed document and the analyzers must find the method no worse.
    /// Returns, fields and parameters the method closes or keeps (OwnedFd) have no fix yet.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BorrowedFdParameterFix))]
    public sealed class BorrowedFdParameterFix : CodeFixProvider
    {
        public const string EquivalenceKey = "FdSafety.BorrowedFdParameter";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RawFdBoundary);

        public override FixAllProvider GetFixAllProvider() => new SignatureFixAll();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var fixedSolution = await FixAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
                if (fixedSolution == null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Take the descriptor as a BorrowedFd", ct => Task.FromResult(fixedSolution), EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The solution with the parameter at <paramref name="span"/> borrowed, or null when that cannot be done faithfully.</summary>
        internal static async Task<Solution?> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return null;
            var parameterSyntax = Surgery.Find<ParameterSyntax>(root, span);
            if (parameterSyntax?.Type == null || !(model.GetDeclaredSymbol(parameterSyntax, cancellationToken) is IParameterSymbol parameter)) return null;
            if (parameter.Type.SpecialType != SpecialType.System_Int32 || parameter.RefKind != RefKind.None || parameter.IsParams || parameter.HasExplicitDefaultValue) return null;
            if (!(parameter.ContainingSymbol is IMethodSymbol method) || method.MethodKind != MethodKind.Ordinary) return null;
            if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.IsAsync || method.PartialDefinitionPart != null
                || method.PartialImplementationPart != null || method.ContainingType.TypeKind == TypeKind.Interface || method.ExplicitInterfaceImplementations.Length > 0
                || IsInterfaceImplementation(method)) return null;
            if (!(parameterSyntax.Parent?.Parent is MethodDeclarationSyntax declaration) || method.DeclaringSyntaxReferences.Length != 1) return null;
            if (declaration.Body == null && declaration.ExpressionBody == null) return null;
            if (model.Compilation.GetTypeByMetadataName("FdSafety.BorrowedFd") == null) return null;

            // The body: only reads in value positions, no close.
            var uses = new List<IdentifierNameSyntax>();
            foreach (var id in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (id.Identifier.ValueText != parameter.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, parameter)) continue;
                if (!IsValueRead(id)) return null;
                if (id.Parent is ArgumentSyntax a && a.Parent?.Parent is InvocationExpressionSyntax inv
                    && model.GetSymbolInfo(inv, cancellationToken).Symbol is IMethodSymbol callee && OwnershipTable.IsLibcMethod(callee, out var entry) && entry == "close") return null;
                uses.Add(id);
            }

            // The call sites: each must lend something that is certainly a descriptor.
            var solution = document.Project.Solution;
            var references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
            var edits = new Dictionary<DocumentId, List<(SyntaxNode Old, SyntaxNode New)>>();
            void Add(DocumentId id, SyntaxNode old, SyntaxNode replacement)
            {
                if (!edits.TryGetValue(id, out var list)) edits[id] = list = new List<(SyntaxNode, SyntaxNode)>();
                list.Add((old, replacement));
            }
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.IsImplicit || location.IsCandidateLocation) return null;
                var callRoot = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var callModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (callRoot == null || callModel == null) return null;
                var node = callRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                var invocation = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Expression.Span.Contains(location.Location.SourceSpan)
                    && (i.Expression == node || i.Expression is MemberAccessExpressionSyntax m && m.Name == node));
                if (invocation == null) return null; // a method group or a delegate: no way to follow it
                var argument = ArgumentFor(invocation, parameter);
                if (argument == null) return null;
                var lent = Lent(callModel, argument.Expression, cancellationToken);
                if (lent == null) return null;
                Add(location.Document.Id, argument.Expression, lent.WithTriviaFrom(argument.Expression));
            }

            // The callee: type and uses.
            var borrowedType = SyntaxFactory.ParseTypeName("global::FdSafety.BorrowedFd").WithAdditionalAnnotations(Simplifier.Annotation).WithTriviaFrom(parameterSyntax.Type);
            Add(document.Id, parameterSyntax.Type, borrowedType);
            foreach (var use in uses)
            {
                Add(document.Id, use, SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(parameter.Name), SyntaxFactory.IdentifierName("AsRawFd"))).WithTriviaFrom(use));
            }

            var newSolution = solution;
            var mark = new SyntaxAnnotation("FdSafety.Member");
            foreach (var pair in edits)
            {
                var doc = newSolution.GetDocument(pair.Key)!;
                var docRoot = await doc.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (docRoot == null) return null;
                if (pair.Key == document.Id)
                {
                    // Marked before the edits, which move it when a call above it gets shorter.
                    var original = docRoot.DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(d => d.Span == declaration.Span);
                    if (original == null) return null;
                    docRoot = docRoot.ReplaceNode(original, original.WithAdditionalAnnotations(mark));
                }
                var map = pair.Value.GroupBy(e => e.Old.Span).ToDictionary(g => g.Key, g => g.First().New);
                var targets = docRoot.DescendantNodes().Where(n => map.ContainsKey(n.Span) && pair.Value.Any(e => e.Old.Span == n.Span && e.Old.RawKind == n.RawKind)).ToList();
                var newRoot = docRoot.ReplaceNodes(targets, (o, _) => map[o.Span]);
                var anchor = pair.Key == document.Id ? newRoot.GetAnnotatedNodes(mark).First() : newRoot;
                newRoot = Surgery.AddRuntimeUsing(newRoot, anchor);
                newSolution = newSolution.WithDocumentSyntaxRoot(pair.Key, newRoot);
            }

            // Every changed document compiles as before, and the method is no worse under the rules.
            foreach (var id in edits.Keys)
            {
                if (await ErrorCountAsync(newSolution.GetDocument(id)!, cancellationToken).ConfigureAwait(false)
                    > await ErrorCountAsync(solution.GetDocument(id)!, cancellationToken).ConfigureAwait(false)) return null;
            }
            if (!await FixCheck.IsBetterAsync(document, declaration.Span, newSolution.GetDocument(document.Id)!, mark, DiagnosticIds.RawFdBoundary, cancellationToken).ConfigureAwait(false)) return null;
            return newSolution;
        }

        private static bool IsInterfaceImplementation(IMethodSymbol method) =>
            method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers().OfType<IMethodSymbol>())
                .Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method));

        private static bool IsValueRead(IdentifierNameSyntax id)
        {
            if (id.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax || a is LocalFunctionStatementSyntax)) return false;
            switch (id.Parent)
            {
                case ArgumentSyntax argument:
                    return argument.RefKindKeyword.IsKind(SyntaxKind.None);
                case BinaryExpressionSyntax _:
                case CastExpressionSyntax _:
                case ParenthesizedExpressionSyntax _:
                case InterpolationSyntax _:
                    return true;
                default:
                    return false;
            }
        }

        private static ArgumentSyntax? ArgumentFor(InvocationExpressionSyntax invocation, IParameterSymbol parameter)
        {
            var args = invocation.ArgumentList.Arguments;
            var named = args.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter.Name);
            if (named != null) return named;
            // Positional arguments before the first named one stand for the parameters in order.
            int positional = 0;
            while (positional < args.Count && args[positional].NameColon == null) positional++;
            return parameter.Ordinal < positional ? args[parameter.Ordinal] : null;
        }

        /// <summary>What the caller lends in place of the raw number, when it is certainly an open descriptor.</summary>
        private static ExpressionSyntax? Lent(SemanticModel model, ExpressionSyntax argument, CancellationToken cancellationToken)
        {
            if (argument is InvocationExpressionSyntax call && call.ArgumentList.Arguments.Count == 0
                && call.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == "AsRawFd")
            {
                var type = model.GetTypeInfo(access.Expression, cancellationToken).Type?.ToDisplayString();
                if (type == "FdSafety.OwnedFd" || type == "FdSafety.BorrowedFd") return access.Expression.WithoutTrivia();
                return null;
            }
            var constant = model.GetConstantValue(argument, cancellationToken);
            if (constant.HasValue && constant.Value is int n && n >= 0 && n <= 2)
            {
                var name = n == 0 ? "Stdin" : n == 1 ? "Stdout" : "Stderr";
                return SyntaxFactory.ParseExpression("global::FdSafety.BorrowedFd." + name).WithAdditionalAnnotations(Simplifier.Annotation);
            }
            return null;
        }

        private static async Task<int> ErrorCountAsync(Document document, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model == null ? int.MaxValue : model.GetDiagnostics(null, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        }

        /// <summary>
        /// Fix All for a fix that edits several documents: the findings in scope are fixed one after
        /// another, each against the solution the previous one produced (found again by document and
        /// position shift-free: by the method's documentation id and the parameter's name).
        /// </summary>
        private sealed class SignatureFixAll : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var diagnostics = new List<(DocumentId Document, Diagnostic Diagnostic)>();
                IEnumerable<Project> projects = fixAllContext.Scope == FixAllScope.Solution ? fixAllContext.Solution.Projects : new[] { fixAllContext.Project };
                foreach (var project in projects)
                {
                    if (fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document != null)
                    {
                        foreach (var d in await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false)) diagnostics.Add((fixAllContext.Document.Id, d));
                        break;
                    }
                    foreach (var d in await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false))
                    {
                        var doc = project.Solution.GetDocument(d.Location.SourceTree);
                        if (doc != null) diagnostics.Add((doc.Id, d));
                    }
                }
                var solution = fixAllContext.Solution;
                var targets = new List<(DocumentId Document, string MethodId, string Parameter)>();
                foreach (var (documentId, diagnostic) in diagnostics)
                {
                    var doc = solution.GetDocument(documentId);
                    var root = doc == null ? null : await doc.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                    var model = doc == null ? null : await doc.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                    var p = root == null ? null : Surgery.Find<ParameterSyntax>(root, diagnostic.Location.SourceSpan);
                    if (p == null || model == null || !(model.GetDeclaredSymbol(p, fixAllContext.CancellationToken) is IParameterSymbol symbol)) continue;
                    var id = symbol.ContainingSymbol.GetDocumentationCommentId();
                    if (id != null) targets.Add((documentId, id, symbol.Name));
                }
                return CodeAction.Create("Take the descriptors as BorrowedFd", async ct =>
                {
                    var current = solution;
                    foreach (var (documentId, methodId, name) in targets)
                    {
                        var doc = current.GetDocument(documentId);
                        if (doc == null) continue;
                        var compilation = await doc.Project.GetCompilationAsync(ct).ConfigureAwait(false);
                        if (compilation == null) continue;
                        if (!(DocumentationCommentId.GetFirstSymbolForDeclarationId(methodId, compilation) is IMethodSymbol method)) continue;
                        var parameter = method.Parameters.FirstOrDefault(x => x.Name == name);
                        var tree = await doc.GetSyntaxTreeAsync(ct).ConfigureAwait(false);
                        var location = parameter?.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree == tree);
                        if (location == null) continue;
                        var next = await FixAsync(doc, location.SourceSpan, ct).ConfigureAwait(false);
                        if (next != null) current = next;
                    }
                    return current;
                }, EquivalenceKey);
            }
        }
    }
}
