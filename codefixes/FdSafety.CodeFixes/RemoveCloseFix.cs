using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using FdSafety.Analyzers.Model;
using FdSafety.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0006: removes a libc <c>close</c> of a descriptor this code does not own (a standard
    /// stream, a borrow, a number an owner still holds). FDS0001: removes a second close when the
    /// descriptor is closed on every path that reaches it (that close can only fail with EBADF or
    /// close a number someone else has been given since); a second <c>Dispose()</c> of an owner,
    /// which does nothing, goes the same way.
    /// </summary>
    /// <remarks>
    /// Offered only when the close is a statement of its own in a block, its result unused, and its
    /// argument has no effect of its own to lose (a name, a member, a cast, AsRawFd()). A close under
    /// an <c>if</c> without braces, a close whose result is checked, or a call to a method that takes
    /// ownership (a <c>[ReleasesFd]</c> parameter, <c>OwnedFd.FromRawFd</c>, <c>new UnixStream(fd, true)</c>)
    /// does more than close, so it gets no fix: the author decides. A double close on some paths
    /// only (FDS0001 "on some path") gets none either: on the other paths that close is the only one.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveCloseFix))]
    public sealed class RemoveCloseFix : CodeFixProvider
    {
        public const string EquivalenceKey = "FdSafety.RemoveClose";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.CloseNotOwned, DiagnosticIds.DoubleClose);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAll.For(this);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var invocation = Surgery.Find<InvocationExpressionSyntax>(root, diagnostic.Location.SourceSpan);
                if (invocation == null || invocation.Span != diagnostic.Location.SourceSpan) continue;
                if (diagnostic.Id == DiagnosticIds.DoubleClose
                    && !(diagnostic.Properties.TryGetValue(DoubleCloseAnalyzer.OnEveryPathKey, out var every) && every == "true")) continue;
                var statement = RemovableClose(model, invocation, allowDispose: diagnostic.Id == DiagnosticIds.DoubleClose);
                if (statement == null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        diagnostic.Id == DiagnosticIds.DoubleClose ? "Remove the second close" : "Remove the close: this code does not own the descriptor",
                        ct => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives)!)),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The statement that is nothing but a libc close of an effect-free argument, or null.</summary>
        internal static ExpressionStatementSyntax? RemovableClose(SemanticModel model, InvocationExpressionSyntax invocation, bool allowDispose)
        {
            if (!(invocation.Parent is ExpressionStatementSyntax statement) || !Surgery.CanRemove(statement)) return null;
            if (!(model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method)) return null;
            if (allowDispose && method.Name == "Dispose" && method.Parameters.Length == 0 && invocation.Expression is MemberAccessExpressionSyntax access
                && model.GetTypeInfo(access.Expression).Type?.ToDisplayString() == "FdSafety.OwnedFd")
            {
                return Surgery.IsFreeOfEffects(access.Expression) ? statement : null;
            }
            if (!OwnershipTable.IsLibcMethod(method, out var entry) || entry != "close") return null;
            if (invocation.ArgumentList.Arguments.Count != 1) return null;
            return Surgery.IsFreeOfEffects(invocation.ArgumentList.Arguments[0].Expression) ? statement : null;
        }
    }
}
