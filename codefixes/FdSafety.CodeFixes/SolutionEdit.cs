using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// One fix that edits several documents (a signature and its call sites): node edits gathered on
    /// the original documents, applied together per document (nested edits compose, inner first), with
    /// <c>using FdSafety;</c> added where code changed. <see cref="ApplyAsync"/> refuses the result
    /// unless every changed document compiles with no more errors than before, the main member is
    /// better under the FdSafety rules for the finding being fixed, and every other changed member
    /// (the callers) is no worse.
    /// </summary>
    internal sealed class SolutionEdit
    {
        private readonly Solution _solution;
        private readonly Dictionary<DocumentId, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>> _edits =
            new Dictionary<DocumentId, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>>();
        private readonly Dictionary<DocumentId, Dictionary<SyntaxNode, SyntaxAnnotation>> _members =
            new Dictionary<DocumentId, Dictionary<SyntaxNode, SyntaxAnnotation>>();

        public SolutionEdit(Solution solution)
        {
            _solution = solution;
        }

        public Solution Solution => _solution;

        /// <summary>Replaces <paramref name="node"/> (a node of the original document) with <paramref name="replacement"/>.</summary>
        public void Replace(DocumentId document, SyntaxNode node, SyntaxNode replacement) => Edit(document, node, _ => replacement);

        /// <summary>Rewrites <paramref name="node"/>; the function gets the node with the edits inside it already made.</summary>
        public void Edit(DocumentId document, SyntaxNode node, Func<SyntaxNode, SyntaxNode> edit)
        {
            if (!_edits.TryGetValue(document, out var map)) _edits[document] = map = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
            map[node] = map.TryGetValue(node, out var earlier) ? (n => edit(earlier(n))) : edit;
        }

        /// <summary>
        /// Replaces a statement that sits in a block or switch section with several (computed from the
        /// statement as other edits left it), keeping its siblings' edits.
        /// </summary>
        public void ReplaceStatement(DocumentId document, StatementSyntax statement, Func<StatementSyntax, IEnumerable<StatementSyntax>> replacement)
        {
            var mark = new SyntaxAnnotation("FdSafety.Statement");
            Edit(document, statement, n => n.WithAdditionalAnnotations(mark));
            Edit(document, statement.Parent!, parent =>
            {
                var current = parent.GetAnnotatedNodes(mark).OfType<StatementSyntax>().First();
                var statements = parent is Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax b ? b.Statements : ((Microsoft.CodeAnalysis.CSharp.Syntax.SwitchSectionSyntax)parent).Statements;
                int index = statements.IndexOf(current);
                var list = statements.RemoveAt(index).InsertRange(index, replacement(current));
                return parent is Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax block ? block.WithStatements(list) : ((Microsoft.CodeAnalysis.CSharp.Syntax.SwitchSectionSyntax)parent).WithStatements(list);
            });
        }

        /// <summary>A member (of the original document) whose FdSafety findings are compared before and after.</summary>
        public void Check(DocumentId document, SyntaxNode member)
        {
            if (!_members.TryGetValue(document, out var map)) _members[document] = map = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            if (!map.ContainsKey(member)) map[member] = new SyntaxAnnotation("FdSafety.Member");
        }

        /// <summary>Checks the member that contains <paramref name="node"/> (a caller whose call changes).</summary>
        public void CheckMemberOf(DocumentId document, SyntaxNode node)
        {
            var member = node.AncestorsAndSelf().FirstOrDefault(a =>
                (a is Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax && !(a is Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax)
                    && !(a is Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax) && !(a is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax))
                || a is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax);
            if (member != null) Check(document, member);
        }

        /// <summary>
        /// The solution with every edit made, or null when it does not compile as well as before, when
        /// <paramref name="main"/> (a member of <paramref name="mainDocument"/>) has no fewer findings of
        /// <paramref name="fixedId"/>, or when any checked member has a new FdSafety finding.
        /// </summary>
        public async Task<Solution?> ApplyAsync(DocumentId mainDocument, SyntaxNode main, string fixedId, CancellationToken cancellationToken)
        {
            if (!_members.TryGetValue(mainDocument, out var mainMembers) || !mainMembers.ContainsKey(main)) Check(mainDocument, main);
            // A caller that is the main member itself (a recursive call) is judged as the main member.
            var newSolution = _solution;
            foreach (var id in _edits.Keys.Union(_members.Keys).ToList())
            {
                var document = _solution.GetDocument(id);
                var root = document == null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root == null) return null;
                _edits.TryGetValue(id, out var edits);
                _members.TryGetValue(id, out var members);
                var targets = (edits?.Keys ?? Enumerable.Empty<SyntaxNode>()).Concat(members?.Keys ?? Enumerable.Empty<SyntaxNode>()).Distinct().ToList();
                if (targets.Any(t => t.SyntaxTree != root.SyntaxTree)) return null;
                var newRoot = root.ReplaceNodes(targets, (original, current) =>
                {
                    var result = edits != null && edits.TryGetValue(original, out var edit) ? edit(current) : current;
                    return members != null && members.TryGetValue(original, out var mark) ? result.WithAdditionalAnnotations(mark) : result;
                });
                if (edits != null)
                {
                    var anchor = members?.Values.Select(m => newRoot.GetAnnotatedNodes(m).FirstOrDefault()).FirstOrDefault(n => n != null);
                    newRoot = Surgery.AddRuntimeUsing(newRoot, anchor);
                }
                newSolution = newSolution.WithDocumentSyntaxRoot(id, newRoot);
            }

            // Every project that changed or sees a changed one compiles with no more errors than before.
            var changed = new HashSet<ProjectId>(_edits.Keys.Select(d => d.ProjectId));
            foreach (var project in newSolution.Projects)
            {
                if (!changed.Contains(project.Id) && !project.ProjectReferences.Any(r => changed.Contains(r.ProjectId))) continue;
                if (await ErrorCountAsync(project, cancellationToken).ConfigureAwait(false)
                    > await ErrorCountAsync(_solution.GetProject(project.Id)!, cancellationToken).ConfigureAwait(false)) return null;
            }
            foreach (var pair in _members)
            {
                var before = _solution.GetDocument(pair.Key)!;
                var after = newSolution.GetDocument(pair.Key)!;
                foreach (var member in pair.Value)
                {
                    bool ok = pair.Key == mainDocument && member.Key == main
                        ? await FixCheck.IsBetterAsync(before, member.Key.Span, after, member.Value, fixedId, cancellationToken).ConfigureAwait(false)
                        : await FixCheck.IsNoWorseAsync(before, member.Key.Span, after, member.Value, cancellationToken).ConfigureAwait(false);
                    if (!ok) return null;
                }
            }
            return newSolution;
        }

        private static async Task<int> ErrorCountAsync(Project project, CancellationToken cancellationToken)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            return compilation == null ? int.MaxValue : compilation.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        }
    }
}
