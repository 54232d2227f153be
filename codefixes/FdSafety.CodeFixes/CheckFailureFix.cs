using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using FdSafety.Analyzers.Model;
using FdSafety.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0005, the bulk-safe fix: in a method that already reports failure by returning -1, the
    /// failed acquisition takes that path at once — <c>if (fd &lt; 0) return -1;</c> right after the
    /// call — instead of running on with -1. Fix All applies it (<c>dotnet format</c>).
    /// </summary>
    /// <remarks>
    /// The path is the method's own: it returns an integer, has a <c>return -1;</c>, and returns the
    /// descriptor itself (<c>return fd;</c>), so its callers already treat -1 as "failed". Code
    /// without such a path gets <see cref="ThrowOnFailureFix"/>, offered one finding at a time only.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RouteFailureFix))]
    public sealed class RouteFailureFix : CodeFixProvider
    {
        public const string EquivalenceKey = "FdSafety.RouteFailure";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UncheckedFailure);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAll.For(this);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            FailureCheck.RegisterAsync(context, route: true, EquivalenceKey);
    }

    /// <summary>
    /// FDS0005, one at a time: <c>if (fd &lt; 0) throw new PosixException(errno, "open", path);</c>
    /// right after the call, errno read before anything else can change it.
    /// </summary>
    /// <remarks>
    /// A failure the code never handled now stops it with an exception instead of running on with -1
    /// (the next call on -1 failing with EBADF, or worse). That is the point, and it changes what the
    /// program does on that path, so this fix has no Fix All: <c>dotnet format</c> does not apply it
    /// behind the author's back.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThrowOnFailureFix))]
    public sealed class ThrowOnFailureFix : CodeFixProvider
    {
        public const string EquivalenceKey = "FdSafety.ThrowOnFailure";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UncheckedFailure);

        public override FixAllProvider? GetFixAllProvider() => null;

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            FailureCheck.RegisterAsync(context, route: false, EquivalenceKey);
    }

    internal static class FailureCheck
    {
        public static async Task RegisterAsync(CodeFixContext context, bool route, string equivalenceKey)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(UncheckedFailureAnalyzer.AcquiredSpanKey, out var spanText) || spanText == null) continue;
                var parts = spanText.Split(',');
                if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int start)
                    || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int length)) continue;
                var check = Make(model, root, new TextSpan(start, length), diagnostic.Location.SourceSpan, route, context.CancellationToken);
                if (check == null) continue;
                var (statement, inserted, member) = check.Value;
                var mark = new SyntaxAnnotation("FdSafety.Member");
                SyntaxNode Apply(SyntaxNode r)
                {
                    var current = r.FindNode(statement.Span).AncestorsAndSelf().OfType<StatementSyntax>().First(s => s.Span == statement.Span);
                    var newRoot = r.InsertNodesAfter(current, new[] { inserted });
                    var m = newRoot.FindNode(new TextSpan(member.SpanStart, 0)).AncestorsAndSelf().First(a => a.RawKind == member.RawKind && a.SpanStart == member.SpanStart);
                    newRoot = newRoot.ReplaceNode(m, m.WithAdditionalAnnotations(mark));
                    return route ? newRoot : Surgery.AddRuntimeUsing(newRoot, newRoot.GetAnnotatedNodes(mark).First());
                }
                var changed = document.WithSyntaxRoot(Apply(root));
                if (!await FixCheck.IsBetterAsync(document, member.Span, changed, mark, DiagnosticIds.UncheckedFailure, context.CancellationToken).ConfigureAwait(false)) continue;
                string title = route ? "Return -1 at once when the call fails, as the method does elsewhere" : "Throw PosixException when the call fails";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => Task.FromResult(document.WithSyntaxRoot(Apply(root))), equivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The statement holding the acquisition, the check to put after it, and the member.</summary>
        private static (StatementSyntax Statement, StatementSyntax Check, SyntaxNode Member)? Make(
            SemanticModel model, SyntaxNode root, TextSpan acquired, TextSpan use, bool route, CancellationToken cancellationToken)
        {
            var call = Surgery.Find<InvocationExpressionSyntax>(root, acquired);
            if (call == null || call.Span != acquired) return null;
            ILocalSymbol? local = null;
            StatementSyntax? statement = null;
            if (call.Parent is EqualsValueClauseSyntax eq && eq.Parent is VariableDeclaratorSyntax declarator
                && declarator.Parent is VariableDeclarationSyntax declaration && declaration.Variables.Count == 1
                && declaration.Parent is LocalDeclarationStatementSyntax declStatement && declStatement.UsingKeyword.IsKind(SyntaxKind.None))
            {
                local = model.GetDeclaredSymbol(declarator, cancellationToken) as ILocalSymbol;
                statement = declStatement;
            }
            else if (call.Parent is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && assignment.Right == call && assignment.Parent is ExpressionStatementSyntax assignStatement)
            {
                local = model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol as ILocalSymbol;
                statement = assignStatement;
            }
            if (local == null || statement == null || !(statement.Parent is BlockSyntax) || local.Type.SpecialType != SpecialType.System_Int32) return null;
            // The use must come after the call, in the code that follows it.
            if (use.Start < statement.Span.End) return null;
            var member = statement.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax || a is LocalFunctionStatementSyntax || a is AccessorDeclarationSyntax);
            if (member == null) return null;
            var newline = Surgery.NewLineOf(root);
            var indent = SyntaxFactory.TriviaList(statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault());
            var condition = SyntaxFactory.ParseExpression(local.Name + " < 0");

            StatementSyntax? body;
            if (route)
            {
                body = FailureReturn(model, member, local, cancellationToken);
            }
            else
            {
                body = Throw(model, call, cancellationToken);
            }
            if (body == null) return null;
            var check = SyntaxFactory.IfStatement(
                    SyntaxFactory.Token(SyntaxKind.IfKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                    condition.NormalizeWhitespace(),
                    SyntaxFactory.Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(SyntaxFactory.Space),
                    body.NormalizeWhitespace(),
                    null)
                .WithLeadingTrivia(indent)
                .WithTrailingTrivia(newline)
                .WithAdditionalAnnotations(Simplifier.Annotation);
            return (statement, check, member);
        }

        /// <summary><c>return -1;</c> when the member's own failure path is that and it returns the descriptor elsewhere.</summary>
        private static StatementSyntax? FailureReturn(SemanticModel model, SyntaxNode member, ILocalSymbol local, CancellationToken cancellationToken)
        {
            var returns = member.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>().Where(r => r.Expression != null).ToList();
            bool hasFailure = returns.Any(r =>
            {
                var c = model.GetConstantValue(r.Expression!, cancellationToken);
                return c.HasValue && c.Value is int i && i == -1;
            });
            bool returnsIt = returns.Any(r => r.Expression is IdentifierNameSyntax id
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, local));
            return hasFailure && returnsIt ? SyntaxFactory.ParseStatement("return -1;") : null;
        }

        /// <summary><c>throw new PosixException(errno, "open", path);</c> with the binding's way of reading errno.</summary>
        private static StatementSyntax? Throw(SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            if (model.Compilation.GetTypeByMetadataName("FdSafety.PosixException") == null) return null;
            if (model.Compilation.GetTypeByMetadataName("Mono.Unix.Native.Stdlib") == null) return null;
            if (!(model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method) || !OwnershipTable.IsLibcMethod(method, out var entry)) return null;
            string errno = method.ContainingType?.ToDisplayString() == "Mono.Unix.Native.Syscall"
                ? "global::Mono.Unix.Native.Stdlib.GetLastError()"
                : "global::Mono.Unix.Native.NativeConvert.ToErrno(global::System.Runtime.InteropServices.Marshal.GetLastPInvokeError())";
            string path = "";
            if (method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String
                && call.ArgumentList.Arguments.Count > 0 && Surgery.IsFreeOfEffects(call.ArgumentList.Arguments[0].Expression))
            {
                path = ", " + call.ArgumentList.Arguments[0].Expression;
            }
            return SyntaxFactory.ParseStatement("throw new global::FdSafety.PosixException(" + errno + ", \"" + entry + "\"" + path + ");");
        }
    }
}
