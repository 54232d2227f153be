using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0004 for a parameter the method takes over — closes (<c>close(fd);</c>), gives to an owner
    /// (<c>OwnedFd.FromRawFd(fd)</c>) or, through <see cref="OwnedFdField"/>, stores in a field:
    /// <c>int fd</c> becomes <c>OwnedFd fd</c>, the close <c>fd.Dispose();</c> at the same place, the
    /// owner <c>fd</c> itself, the uses before it <c>fd.AsRawFd()</c>; and every call in the solution
    /// hands the descriptor over: <c>owner.IntoRawFd()</c> becomes <c>owner</c>, and a checked open
    /// descriptor that the caller never mentions again becomes <c>OwnedFd.FromRawFd(fd)</c>.
    /// </summary>
    /// <remarks>
    /// Offered only when nothing changes at run time: the method takes the descriptor over exactly
    /// once, in a statement of its own body that every path reaches, and uses it only before that (as
    /// a call argument); each caller's number is certainly open and owned (<see cref="Boundary.IsCheckedOpen"/>:
    /// <c>FromRawFd</c> refuses -1, which the old code passed on) and is never closed or used by the caller
    /// afterwards (<see cref="Boundary.IsUnusedAfter"/>).
    /// </remarks>
    internal static class OwnedFdParameter
    {
        public const string EquivalenceKey = "FdSafety.OwnedFdParameter";

        public static async Task<Solution?> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return null;
            var parameterSyntax = Surgery.Find<ParameterSyntax>(root, span);
            if (parameterSyntax == null || !(model.GetDeclaredSymbol(parameterSyntax, cancellationToken) is IParameterSymbol parameter)) return null;
            if (!(parameterSyntax.Parent?.Parent is BaseMethodDeclarationSyntax declaration)) return null;
            var edit = new SolutionEdit(document.Project.Solution);
            if (!await AddAsync(edit, document, model, declaration, parameter, _ => false, cancellationToken).ConfigureAwait(false)) return null;
            return await edit.ApplyAsync(document.Id, declaration, DiagnosticIds.RawFdBoundary, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Adds to <paramref name="edit"/> the change of <paramref name="parameter"/> to <c>OwnedFd</c>: its
        /// type, its uses and its take-over in the body, and the hand-over at every call. A reference for
        /// which <paramref name="isStore"/> holds is the take-over and stays as it is (a store into a field
        /// that becomes OwnedFd in the same fix). False when that cannot be done faithfully.
        /// </summary>
        public static async Task<bool> AddAsync(SolutionEdit edit, Document document, SemanticModel model, BaseMethodDeclarationSyntax declaration, IParameterSymbol parameter,
            Func<IdentifierNameSyntax, bool> isStore, CancellationToken cancellationToken)
        {
            if (parameter.Type.SpecialType != SpecialType.System_Int32 || parameter.RefKind != RefKind.None || parameter.IsParams || parameter.HasExplicitDefaultValue) return false;
            if (!(parameter.ContainingSymbol is IMethodSymbol method) || !Boundary.IsChangeable(method)) return false;
            var parameterSyntax = declaration.ParameterList.Parameters.FirstOrDefault(p => p.Identifier.ValueText == parameter.Name);
            var body = Boundary.BodyOf(declaration);
            if (parameterSyntax?.Type == null || body == null || model.Compilation.GetTypeByMetadataName("FdSafety.OwnedFd") == null) return false;

            // The body: reads as call arguments, then one take-over that every path reaches, then nothing.
            var reads = new List<IdentifierNameSyntax>();
            StatementSyntax? takeStatement = null;
            foreach (var id in Boundary.References(model, declaration, parameter, cancellationToken))
            {
                // Not in a lambda, nor handed to `: base(fd)` / `: this(fd)`, which runs before the body.
                if (Boundary.IsCaptured(id) || !body.Span.Contains(id.Span)) return false;
                var whole = Boundary.Whole(id);
                SyntaxNode? take = null;
                SyntaxNode? replacement = null;
                var close = Boundary.CloseStatement(model, whole, cancellationToken);
                if (close != null)
                {
                    take = close;
                    replacement = SyntaxFactory.ExpressionStatement(Boundary.CallOn(SyntaxFactory.IdentifierName(parameter.Name), "Dispose")).WithTriviaFrom(close);
                }
                else if (IsFromRawFd(model, whole, cancellationToken, out var wrap))
                {
                    take = wrap;
                    replacement = SyntaxFactory.IdentifierName(parameter.Name).WithTriviaFrom(wrap!);
                }
                else if (isStore(id))
                {
                    take = id;
                }
                if (take != null)
                {
                    if (takeStatement != null) return false;
                    takeStatement = take.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent == body);
                    if (takeStatement == null || !Boundary.IsOnEveryPath(body, takeStatement)) return false;
                    if (replacement != null) edit.Replace(document.Id, take, replacement);
                    continue;
                }
                if (!Boundary.IsArgumentRead(model, id, cancellationToken) || Boundary.IsCaptured(id)) return false;
                reads.Add(id);
            }
            if (takeStatement == null || reads.Any(r => r.SpanStart > takeStatement.Span.End)) return false;
            foreach (var read in reads) edit.Replace(document.Id, read, Boundary.CallOn(read, "AsRawFd"));
            edit.Replace(document.Id, parameterSyntax.Type, Boundary.OwnedFdType().WithTriviaFrom(parameterSyntax.Type));

            // The callers hand the descriptor over.
            var calls = await Boundary.CallsAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            if (calls == null) return false;
            foreach (var call in calls)
            {
                var argument = Boundary.ArgumentFor(call.Arguments, parameter);
                if (argument == null) return false;
                var handed = Boundary.HandedOver(call.Model, argument.Expression, call.Node, cancellationToken);
                if (handed == null) return false;
                edit.Replace(call.Document.Id, argument.Expression, handed);
                edit.CheckMemberOf(call.Document.Id, call.Node);
            }
            return true;
        }

        /// <summary><c>OwnedFd.FromRawFd(p)</c> around the reference.</summary>
        private static bool IsFromRawFd(SemanticModel model, ExpressionSyntax reference, CancellationToken cancellationToken, out InvocationExpressionSyntax? wrap)
        {
            wrap = null;
            if (!(reference.Parent is ArgumentSyntax argument) || !(argument.Parent is ArgumentListSyntax list) || list.Arguments.Count != 1
                || !(list.Parent is InvocationExpressionSyntax invocation)) return false;
            if (!(model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method) || method.Name != "FromRawFd"
                || method.ContainingType?.ToDisplayString() != "FdSafety.OwnedFd") return false;
            wrap = invocation;
            return true;
        }
    }
}
