using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0004 for a method that returns a descriptor: <c>int Open()</c> becomes <c>OwnedFd Open()</c>
    /// (<c>OwnedFd?</c> when it can fail, in code with nullable annotations): a checked descriptor is
    /// returned as <c>OwnedFd.FromRawFd(fd)</c>, one that may be -1 as
    /// <c>fd &lt; 0 ? null : OwnedFd.FromRawFd(fd)</c> (an acquiring call returned directly gets a
    /// local first), a literal -1 as <c>null</c>. Every call in the solution keeps what it did with
    /// the number: <c>int x = Open();</c> becomes <c>OwnedFd? xOwner = Open(); int x = xOwner == null ? -1 :
    /// xOwner.IntoRawFd();</c> (a call that cannot fail <c>Open().IntoRawFd()</c>), the same number owned by
    /// the caller as before, so its checks, closes and error paths stay where they were (the FDS0003 fix
    /// then gives it an owner); a caller that gave the number straight to <c>OwnedFd.FromRawFd(...)</c>
    /// takes the returned owner instead.
    /// </summary>
    /// <remarks>
    /// Not <c>Open()?.IntoRawFd() ?? -1</c>: the flow analysis cannot tie that number's failure check
    /// to the owner behind the conditional access, and would report the number lost on the failure path.
    /// Offered only when every returned value is one of those: a method that returns a number it does
    /// not own (0, 1, 2, a field, a parameter, another owner's <c>AsRawFd()</c>), a negative value other
    /// than -1 (a <c>-errno</c> convention), or a value computed any other way gets no fix, nor does an
    /// expression-bodied method that returns a call, an iterator, or a method that can fail with a caller
    /// that uses the result other than as a local's initializer.
    /// </remarks>
    internal static class OwnedFdReturn
    {
        public const string EquivalenceKey = "FdSafety.OwnedFdReturn";

        public static async Task<Solution?> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return null;
            var declaration = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.ReturnType.Span == span);
            if (declaration == null || !(model.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol method)) return null;
            if (method.MethodKind != MethodKind.Ordinary || !Boundary.IsChangeable(method) || method.ReturnType.SpecialType != SpecialType.System_Int32 || method.ReturnsByRef) return null;
            if (model.Compilation.GetTypeByMetadataName("FdSafety.OwnedFd") == null) return null;
            var body = Boundary.BodyOf(declaration);
            if (body == null || declaration.DescendantNodes().OfType<YieldStatementSyntax>().Any()) return null;

            var edit = new SolutionEdit(document.Project.Solution);
            bool mayFail = false;
            var returned = new List<(SyntaxNode At, ExpressionSyntax Value)>();
            if (body is ExpressionSyntax expressionBody) returned.Add((expressionBody, expressionBody));
            foreach (var statement in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>())
            {
                if (statement.Expression == null) return null;
                returned.Add((statement, statement.Expression));
            }
            if (returned.Count == 0) return null;
            var generated = new HashSet<string>();
            foreach (var (at, value) in returned)
            {
                var bare = value;
                while (bare is ParenthesizedExpressionSyntax p) bare = p.Expression;
                var constant = model.GetConstantValue(bare, cancellationToken);
                if (constant.HasValue)
                {
                    if (!(constant.Value is int n) || n != -1) return null;
                    edit.Replace(document.Id, value, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(value));
                    mayFail = true;
                }
                else if (Boundary.IsCheckedOpen(model, bare, at, cancellationToken))
                {
                    edit.Replace(document.Id, value, Boundary.FromRawFd(bare).WithTriviaFrom(value));
                }
                else if (bare is IdentifierNameSyntax name && Boundary.IsAcquiredOnce(model, bare, at, cancellationToken))
                {
                    edit.Replace(document.Id, value, OwnerOrNull(name.Identifier.ValueText).WithTriviaFrom(value));
                    mayFail = true;
                }
                else if (Boundary.IsAcquiringCall(model, bare, cancellationToken) && at is ReturnStatementSyntax statement)
                {
                    // int fd = open(...); return fd < 0 ? null : OwnedFd.FromRawFd(fd);
                    // A name of its own for each (a local in a nested block may not reuse an outer one's).
                    var local = Surgery.UniqueName(model, declaration, "fd", generated);
                    generated.Add(local);
                    var declare = SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                            SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)),
                            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(local).WithInitializer(SyntaxFactory.EqualsValueClause(bare.WithoutTrivia())))))
                        .WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(Surgery.NewLineOf(root));
                    var newReturn = statement.WithExpression(OwnerOrNull(local).WithTriviaFrom(value));
                    if (statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax)
                    {
                        edit.ReplaceStatement(document.Id, statement, _ => new StatementSyntax[] { declare, newReturn });
                    }
                    else
                    {
                        edit.Replace(document.Id, statement, SyntaxFactory.Block(declare, newReturn.WithLeadingTrivia(statement.GetLeadingTrivia()))
                            .WithAdditionalAnnotations(Formatter.Annotation));
                    }
                    mayFail = true;
                }
                else
                {
                    return null;
                }
            }
            var ownerType = Boundary.OwnedFdType();
            TypeSyntax returnType = mayFail && Boundary.AnnotationsEnabled(model, declaration.ReturnType.SpanStart) ? SyntaxFactory.NullableType(ownerType) : ownerType;
            edit.Replace(document.Id, declaration.ReturnType, returnType.WithTriviaFrom(declaration.ReturnType));

            // The callers keep the number as it was, or take the owner they made from it.
            var calls = await Boundary.CallsAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            var callerNames = new HashSet<string>();
            if (calls == null) return null;
            foreach (var call in calls)
            {
                var node = call.Node;
                edit.CheckMemberOf(call.Document.Id, node);
                if (!mayFail && node.Parent is ArgumentSyntax argument && argument.Parent is ArgumentListSyntax list && list.Arguments.Count == 1
                    && list.Parent is InvocationExpressionSyntax wrap && call.Model.GetSymbolInfo(wrap, cancellationToken).Symbol is IMethodSymbol wrapper
                    && wrapper.Name == "FromRawFd" && wrapper.ContainingType?.ToDisplayString() == "FdSafety.OwnedFd")
                {
                    edit.Replace(call.Document.Id, wrap, node.WithTriviaFrom(wrap));
                    continue;
                }
                if (!mayFail)
                {
                    edit.Replace(call.Document.Id, node, Boundary.CallOn(node, "IntoRawFd"));
                    continue;
                }
                // int x = Open(...);  ->  OwnedFd? xOwner = Open(...); int x = xOwner == null ? -1 : xOwner.IntoRawFd();
                if (!(node.Parent is EqualsValueClauseSyntax equals) || !(equals.Parent is VariableDeclaratorSyntax variable)
                    || !(variable.Parent is VariableDeclarationSyntax variables) || variables.Variables.Count != 1
                    || !(variables.Parent is LocalDeclarationStatementSyntax local) || !local.UsingKeyword.IsKind(SyntaxKind.None) || local.IsConst
                    || !(local.Parent is BlockSyntax || local.Parent is SwitchSectionSyntax)) return null;
                var ownerName = Surgery.UniqueName(call.Model, local.Parent!, variable.Identifier.ValueText + "Owner", callerNames);
                callerNames.Add(ownerName);
                var callRoot = await call.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var callerOwnerType = Boundary.OwnedFdType();
                var ownerDeclaration = SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                        (Boundary.AnnotationsEnabled(call.Model, local.SpanStart) ? SyntaxFactory.NullableType(callerOwnerType) : callerOwnerType).WithTrailingTrivia(SyntaxFactory.Space),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(ownerName).WithInitializer(
                            SyntaxFactory.EqualsValueClause(node.WithoutTrivia()).NormalizeWhitespace()))))
                    .WithLeadingTrivia(local.GetLeadingTrivia()).WithTrailingTrivia(Surgery.NewLineOf(callRoot!));
                var number = SyntaxFactory.ParseExpression(ownerName + " == null ? -1 : " + ownerName + ".IntoRawFd()");
                edit.ReplaceStatement(call.Document.Id, local, current =>
                {
                    var declarator = current.DescendantNodes().OfType<VariableDeclaratorSyntax>().First();
                    var rewritten = current.ReplaceNode(declarator.Initializer!.Value, number.WithTriviaFrom(declarator.Initializer.Value));
                    return new StatementSyntax[] { ownerDeclaration, rewritten };
                });
            }
            return await edit.ApplyAsync(document.Id, declaration, DiagnosticIds.RawFdBoundary, cancellationToken).ConfigureAwait(false);
        }

        /// <summary><c>fd &lt; 0 ? null : OwnedFd.FromRawFd(fd)</c>.</summary>
        private static ExpressionSyntax OwnerOrNull(string name) =>
            SyntaxFactory.ConditionalExpression(
                SyntaxFactory.BinaryExpression(SyntaxKind.LessThanExpression, SyntaxFactory.IdentifierName(name),
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))),
                SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression),
                Boundary.FromRawFd(SyntaxFactory.IdentifierName(name)))
            .NormalizeWhitespace();
    }
}
