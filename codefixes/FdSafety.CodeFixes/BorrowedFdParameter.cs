using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0004 for a parameter the method only uses: <c>int fd</c> becomes <c>BorrowedFd fd</c>, its
    /// uses in the body <c>fd.AsRawFd()</c>, and every call in the solution (other documents and
    /// projects) passes what it lends: <c>owner.AsRawFd()</c> becomes <c>owner</c> (an OwnedFd converts
    /// implicitly), <c>b.AsRawFd()</c> of a BorrowedFd becomes <c>b</c>, 0/1/2 become
    /// <c>BorrowedFd.Stdin</c>/<c>Stdout</c>/<c>Stderr</c>.
    /// </summary>
    /// <remarks>
    /// Offered only when nothing can change at run time: every call site passes one of those forms (a
    /// raw number could be -1, which <c>BorrowedFd.BorrowRaw</c> refuses while the old code ran on), the
    /// method is an ordinary method whose signature is its own (<see cref="Boundary.IsChangeable"/>),
    /// and in the body the parameter is only read (never closed, assigned, passed by ref or captured).
    /// </remarks>
    internal static class BorrowedFdParameter
    {
        public const string EquivalenceKey = "FdSafety.BorrowedFdParameter";

        /// <summary>The solution with the parameter at <paramref name="span"/> borrowed, or null when that cannot be done faithfully.</summary>
        public static async Task<Solution?> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return null;
            var parameterSyntax = Surgery.Find<ParameterSyntax>(root, span);
            if (parameterSyntax?.Type == null || !(model.GetDeclaredSymbol(parameterSyntax, cancellationToken) is IParameterSymbol parameter)) return null;
            if (parameter.Type.SpecialType != SpecialType.System_Int32 || parameter.RefKind != RefKind.None || parameter.IsParams || parameter.HasExplicitDefaultValue) return null;
            if (!(parameter.ContainingSymbol is IMethodSymbol method) || method.MethodKind != MethodKind.Ordinary || !Boundary.IsChangeable(method)) return null;
            if (!(parameterSyntax.Parent?.Parent is MethodDeclarationSyntax declaration) || Boundary.BodyOf(declaration) == null) return null;
            if (model.Compilation.GetTypeByMetadataName("FdSafety.BorrowedFd") == null) return null;

            // The body: only reads in value positions, no close.
            var uses = new List<IdentifierNameSyntax>();
            foreach (var id in Boundary.References(model, declaration, parameter, cancellationToken))
            {
                if (!IsValueRead(id) || Boundary.CloseStatement(model, id, cancellationToken) != null) return null;
                uses.Add(id);
            }

            // The call sites: each must lend something that is certainly a descriptor.
            var calls = await Boundary.CallsAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            if (calls == null) return null;
            var edit = new SolutionEdit(document.Project.Solution);
            foreach (var call in calls)
            {
                var argument = Boundary.ArgumentFor(call.Arguments, parameter);
                if (argument == null) return null;
                var lent = Lent(call.Model, argument.Expression, cancellationToken);
                if (lent == null) return null;
                edit.Replace(call.Document.Id, argument.Expression, lent.WithTriviaFrom(argument.Expression));
                edit.CheckMemberOf(call.Document.Id, call.Node);
            }

            // The callee: type and uses.
            var borrowedType = SyntaxFactory.ParseTypeName("global::FdSafety.BorrowedFd").WithAdditionalAnnotations(Simplifier.Annotation).WithTriviaFrom(parameterSyntax.Type);
            edit.Replace(document.Id, parameterSyntax.Type, borrowedType);
            foreach (var use in uses) edit.Replace(document.Id, use, Boundary.CallOn(use, "AsRawFd"));
            return await edit.ApplyAsync(document.Id, declaration, DiagnosticIds.RawFdBoundary, cancellationToken).ConfigureAwait(false);
        }

        private static bool IsValueRead(IdentifierNameSyntax id)
        {
            if (Boundary.IsCaptured(id)) return false;
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
    }
}
