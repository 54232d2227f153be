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
using Microsoft.CodeAnalysis.Formatting;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0009: a write whose count is dropped writes everything. <c>Fd.Write(fd, span)</c> becomes
    /// <c>Fd.WriteAll(fd, span)</c> (both throw PosixException on an error); a raw
    /// <c>write(fd, buf, count);</c> becomes a loop of the same call that goes on after a partial
    /// write and stops, as silently as before, at the first error:
    /// <code>
    /// for (ulong done = 0; done &lt; count;)
    /// {
    ///     long written = write(fd, buf + done, count - done);
    ///     if (written &lt;= 0) break;
    ///     done += (ulong)written;
    /// }
    /// </code>
    /// </summary>
    /// <remarks>
    /// The loop needs a buffer it can step through (a pointer or an IntPtr) and arguments it may
    /// evaluate again (names, members, casts, literals); anything else (a byte[] binding, a call in
    /// an argument) gets no fix. The rewrite must compile (<see cref="FixCheck"/>).
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WriteAllFix))]
    public sealed class WriteAllFix : CodeFixProvider
    {
        public const string EquivalenceKey = "FdSafety.WriteAll";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.IgnoredWrite);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAll.For(this);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var invocation = Surgery.Find<InvocationExpressionSyntax>(root, diagnostic.Location.SourceSpan);
                if (invocation == null || invocation.Span != diagnostic.Location.SourceSpan || !(invocation.Parent is ExpressionStatementSyntax statement)) continue;
                var replacement = Rewrite(model, statement, invocation, context.CancellationToken);
                if (replacement == null) continue;
                var member = statement.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax || a is LocalFunctionStatementSyntax) ?? root;
                var mark = new SyntaxAnnotation("FdSafety.Member");
                var changedRoot = root.ReplaceNode(member, member.ReplaceNode(statement, replacement).WithAdditionalAnnotations(mark));
                var changed = document.WithSyntaxRoot(changedRoot);
                if (!await FixCheck.IsBetterAsync(document, member.Span, changed, mark, DiagnosticIds.IgnoredWrite, context.CancellationToken).ConfigureAwait(false)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Write everything: loop until the whole buffer is written",
                        ct => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(statement, replacement))),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static StatementSyntax? Rewrite(SemanticModel model, ExpressionStatementSyntax statement, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
        {
            if (!(model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method)) return null;
            var args = invocation.ArgumentList.Arguments;
            if (args.Any(a => a.NameColon != null || !a.RefKindKeyword.IsKind(SyntaxKind.None))) return null;

            if (method.ContainingType?.ToDisplayString() == "FdSafety.Fd" && method.Name == "Write" && args.Count == 2)
            {
                if (!(invocation.Expression is MemberAccessExpressionSyntax access)) return null;
                return statement.WithExpression(invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName("WriteAll").WithTriviaFrom(access.Name))));
            }

            if (!OwnershipTable.IsLibcMethod(method, out var entry) || entry != "write" || args.Count != 3 || method.Parameters.Length != 3) return null;
            if (!args.All(a => Surgery.IsFreeOfEffects(a.Expression))) return null;
            var bufferType = model.GetTypeInfo(args[1].Expression, cancellationToken).Type;
            var countType = method.Parameters[2].Type;
            var resultType = method.ReturnType;
            if (bufferType == null) return null;

            int position = statement.SpanStart;
            string done = FreeName(model, position, "done"), written = FreeName(model, position, "written");
            string count = Operand(args[2].Expression);
            string buffer;
            switch (bufferType)
            {
                case IPointerTypeSymbol pointer when pointer.PointedAtType.SpecialType == SpecialType.System_Void:
                    buffer = "(byte*)" + Operand(args[1].Expression) + " + " + done;
                    break;
                case IPointerTypeSymbol _:
                    buffer = Operand(args[1].Expression) + " + " + done;
                    break;
                case ITypeSymbol t when t.SpecialType == SpecialType.System_IntPtr:
                    buffer = Operand(args[1].Expression) + " + (nint)" + done;
                    break;
                default:
                    return null;
            }
            string countTypeName = countType.ToMinimalDisplayString(model, position);
            string resultTypeName = resultType.ToMinimalDisplayString(model, position);
            string call = invocation.Expression.ToString();
            string text =
                "for (" + countTypeName + " " + done + " = 0; " + done + " < " + count + ";)\n" +
                "{\n" +
                "    " + resultTypeName + " " + written + " = " + call + "(" + args[0].Expression + ", " + buffer + ", " + count + " - " + done + ");\n" +
                "    if (" + written + " <= 0) break;\n" +
                "    " + done + " += (" + countTypeName + ")" + written + ";\n" +
                "}\n";
            var loop = SyntaxFactory.ParseStatement(text);
            if (loop.ContainsDiagnostics) return null;
            return loop.WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>The expression as an operand of <c>+</c>, <c>-</c> or <c>&lt;</c>: parenthesized unless it is a name, member, literal or cast.</summary>
        private static string Operand(ExpressionSyntax e) =>
            e is IdentifierNameSyntax || e is MemberAccessExpressionSyntax || e is LiteralExpressionSyntax || e is ParenthesizedExpressionSyntax || e is CastExpressionSyntax
                ? e.ToString()
                : "(" + e + ")";

        private static string FreeName(SemanticModel model, int position, string name)
        {
            string candidate = name;
            for (int i = 2; model.LookupSymbols(position, name: candidate).Length > 0; i++) candidate = name + i;
            return candidate;
        }
    }
}
