using System;
using System.Collections.Generic;
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

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0007: gives the creating call close-on-exec with the binding's own constant. A flags
    /// argument gets the flag (<c>OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC</c>); a call that cannot
    /// carry it becomes the one that can, when the binding declares it (pipe → pipe2, accept →
    /// accept4, dup → fcntl F_DUPFD_CLOEXEC, epoll_create → epoll_create1, inotify_init →
    /// inotify_init1, creat → open, mkstemp → mkostemp, Mono.Posix's socket and socketpair → the
    /// overload with UnixSocketFlags); fcntl's F_DUPFD becomes F_DUPFD_CLOEXEC.
    /// </summary>
    /// <remarks>
    /// No fix is offered when the binding has no such call or constant (Mono.Posix has no pipe2 and
    /// no F_DUPFD_CLOEXEC), when the switch would drop an argument that matters (epoll_create's size
    /// unless it is a positive constant: a size of 0 fails where epoll_create1 does not), or when the
    /// rewritten call would not bind to the intended method. Only the flag changes: what the call
    /// does, and every error it reports, stays the same.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCloexecFix))]
    public sealed class AddCloexecFix : CodeFixProvider
    {
        public const string EquivalenceKey = "FdSafety.AddCloexec";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.MissingCloexec);

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
                var replacement = Rewrite(model, invocation, diagnostic, context.CancellationToken);
                if (replacement == null) continue;
                string title = Title(diagnostic, replacement);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        ct => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, replacement))),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static string Title(Diagnostic diagnostic, InvocationExpressionSyntax replacement)
        {
            diagnostic.Properties.TryGetValue(MissingCloexecAnalyzer.FlagKey, out var flag);
            diagnostic.Properties.TryGetValue(MissingCloexecAnalyzer.RemedyKey, out var remedy);
            if (remedy == nameof(CloexecRemedy.SwitchCall))
            {
                var name = replacement.Expression is MemberAccessExpressionSyntax m ? m.Name.Identifier.ValueText
                    : replacement.Expression is IdentifierNameSyntax id ? id.Identifier.ValueText : "the flagged call";
                return "Use " + name + " with close-on-exec";
            }
            return "Add " + (flag ?? "close-on-exec");
        }

        /// <summary>The call rewritten to set close-on-exec, or null when no faithful rewrite exists.</summary>
        internal static InvocationExpressionSyntax? Rewrite(SemanticModel model, InvocationExpressionSyntax invocation, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!(model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method)) return null;
            if (invocation.ArgumentList.Arguments.Any(a => a.NameColon != null)) return null;
            var props = diagnostic.Properties;
            props.TryGetValue(MissingCloexecAnalyzer.RemedyKey, out var remedy);
            props.TryGetValue(MissingCloexecAnalyzer.EntryPointKey, out var entry);
            props.TryGetValue(MissingCloexecAnalyzer.FlagKey, out var flag);
            props.TryGetValue(MissingCloexecAnalyzer.OrdinalKey, out var ordinalText);
            int.TryParse(ordinalText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int ordinal);
            int position = invocation.SpanStart;
            var bindingType = method.ContainingType;
            var args = invocation.ArgumentList.Arguments;

            switch (remedy)
            {
                case nameof(CloexecRemedy.AddFlag):
                case nameof(CloexecRemedy.DupCommand):
                {
                    if (flag == null || ordinal < 0 || ordinal >= method.Parameters.Length || ordinal >= args.Count) return null;
                    if (method.Parameters[ordinal].IsParams) return null;
                    var parameterType = method.Parameters[ordinal].Type;
                    var constant = Surgery.Constant(model, position, parameterType, flag, bindingType);
                    if (constant == null) return null;
                    var old = args[ordinal].Expression;
                    var value = remedy == nameof(CloexecRemedy.DupCommand) ? constant.WithTriviaFrom(old) : Surgery.AddFlag(model, old, constant, cancellationToken);
                    var candidate = invocation.WithArgumentList(invocation.ArgumentList.WithArguments(args.Replace(args[ordinal], args[ordinal].WithExpression(value))));
                    return BindsTo(model, invocation, candidate, method, cancellationToken) ? candidate : null;
                }

                case nameof(CloexecRemedy.SwitchCall):
                    return entry == null ? null : Switch(model, invocation, method, entry, cancellationToken);

                default:
                    return null;
            }
        }

        /// <summary>How each call that cannot carry the flag is replaced: the C call to use and how its arguments are made.</summary>
        private static InvocationExpressionSyntax? Switch(SemanticModel model, InvocationExpressionSyntax invocation, IMethodSymbol method, string entry, CancellationToken cancellationToken)
        {
            var args = invocation.ArgumentList.Arguments.ToList();
            switch (entry)
            {
                case "pipe":
                    return SwitchTo(model, invocation, method, "pipe2", 2, (p, c) => args.Count == 1 ? Args(args[0], c(p[1].Type, "O_CLOEXEC")) : null, cancellationToken);
                case "accept":
                    return SwitchTo(model, invocation, method, "accept4", args.Count + 1, (p, c) => Args(args.Concat(new[] { c(p[args.Count].Type, "SOCK_CLOEXEC") }).ToArray()), cancellationToken);
                case "dup":
                    return SwitchTo(model, invocation, method, "fcntl", 3,
                        (p, c) => args.Count == 1 ? Args(args[0], c(p[1].Type, "F_DUPFD_CLOEXEC"), Zero()) : null, cancellationToken);
                case "inotify_init":
                    return SwitchTo(model, invocation, method, "inotify_init1", 1, (p, c) => Args(c(p[0].Type, "IN_CLOEXEC")), cancellationToken);
                case "mkstemp":
                case "mkstemp64":
                    return SwitchTo(model, invocation, method, entry.Replace("mkstemp", "mkostemp"), 2,
                        (p, c) => args.Count == 1 ? Args(args[0], c(p[1].Type, "O_CLOEXEC")) : null, cancellationToken);
                case "mkstemps":
                case "mkstemps64":
                    return SwitchTo(model, invocation, method, entry.Replace("mkstemps", "mkostemps"), 3,
                        (p, c) => args.Count == 2 ? Args(args[0], args[1], c(p[2].Type, "O_CLOEXEC")) : null, cancellationToken);
                case "creat":
                case "creat64":
                    return SwitchTo(model, invocation, method, entry.Replace("creat", "open"), 3, (p, c) =>
                    {
                        if (args.Count != 2) return null;
                        var parts = new[] { "O_CREAT", "O_WRONLY", "O_TRUNC", "O_CLOEXEC" }.Select(n => c(p[1].Type, n)).ToList();
                        if (parts.Any(x => x == null)) return null;
                        return Args(args[0], SyntaxFactory.Argument(Surgery.OrAll(parts.Select(x => x!.Expression))), args[1]);
                    }, cancellationToken);
                case "epoll_create":
                {
                    // epoll_create(size) fails for size <= 0, epoll_create1 never looks at a size:
                    // the switch keeps behaviour only when the size is a positive constant.
                    if (args.Count != 1) return null;
                    var size = model.GetConstantValue(args[0].Expression, cancellationToken);
                    if (!size.HasValue || !(size.Value is int n) || n <= 0) return null;
                    return SwitchTo(model, invocation, method, "epoll_create1", 1, (p, c) => Args(c(p[0].Type, "EPOLL_CLOEXEC")), cancellationToken, sameNameOverload: true);
                }
                case "socket":
                case "socketpair":
                    // Mono.Posix: the overload with a UnixSocketFlags parameter just before the protocol.
                    return SwitchTo(model, invocation, method, entry, args.Count + 1, (p, c) =>
                    {
                        int at = Array.FindIndex(p.ToArray(), q => q.Type.TypeKind == TypeKind.Enum && q.Type.GetMembers("SOCK_CLOEXEC").Length > 0);
                        if (at < 0 || at > args.Count) return null;
                        var list = new List<ArgumentSyntax?>(args);
                        list.Insert(at, c(p[at].Type, "SOCK_CLOEXEC"));
                        return Args(list.ToArray());
                    }, cancellationToken, sameNameOverload: true);
                default:
                    return null;
            }
        }

        private delegate ArgumentSyntax? ConstantMaker(ITypeSymbol parameterType, string name);

        /// <summary>
        /// Rewrites the call to a method of the same binding type that binds <paramref name="targetEntry"/>
        /// with <paramref name="arity"/> parameters, with the arguments <paramref name="makeArgs"/> builds;
        /// the first candidate the compiler binds the new call to wins.
        /// </summary>
        private static InvocationExpressionSyntax? SwitchTo(
            SemanticModel model, InvocationExpressionSyntax invocation, IMethodSymbol method, string targetEntry, int arity,
            Func<ImmutableArray<IParameterSymbol>, ConstantMaker, ArgumentSyntax?[]?> makeArgs, CancellationToken cancellationToken,
            bool sameNameOverload = false)
        {
            var type = method.ContainingType;
            if (type == null) return null;
            int position = invocation.SpanStart;
            var candidates = type.GetMembers().OfType<IMethodSymbol>()
                .Where(m => m.IsStatic && m.Parameters.Length == arity && !SymbolEqualityComparer.Default.Equals(m, method) && model.IsAccessible(position, m))
                .Where(m => OwnershipTable.IsLibcMethod(m, out var e) && (e == targetEntry || (sameNameOverload && m.Name == method.Name)))
                .OrderBy(m => m.Name == method.Name ? 1 : 0);
            foreach (var candidate in candidates)
            {
                ConstantMaker constant = (parameterType, name) =>
                {
                    var c = Surgery.Constant(model, position, parameterType, name, type);
                    return c == null ? null : SyntaxFactory.Argument(c);
                };
                var newArgs = makeArgs(candidate.Parameters, constant);
                if (newArgs == null || newArgs.Any(a => a == null)) continue;
                var list = SyntaxFactory.SeparatedList(newArgs.Select(a => a!.WithoutLeadingTrivia()).Select((a, i) => i == 0 ? a : a.WithLeadingTrivia(SyntaxFactory.Space)));
                var expression = Renamed(invocation.Expression, candidate.Name);
                if (expression == null) continue;
                var rewritten = invocation.WithExpression(expression).WithArgumentList(invocation.ArgumentList.WithArguments(list));
                if (BindsTo(model, invocation, rewritten, candidate, cancellationToken)) return rewritten;
            }
            return null;
        }

        private static ExpressionSyntax? Renamed(ExpressionSyntax expression, string name)
        {
            switch (expression)
            {
                case MemberAccessExpressionSyntax member:
                    return member.WithName(SyntaxFactory.IdentifierName(name).WithTriviaFrom(member.Name));
                case IdentifierNameSyntax identifier:
                    return SyntaxFactory.IdentifierName(name).WithTriviaFrom(identifier);
                default:
                    return null;
            }
        }

        private static ArgumentSyntax?[] Args(params ArgumentSyntax?[] args) => args;

        private static ArgumentSyntax Zero() =>
            SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)));

        /// <summary>True when the rewritten call, put where the old one is, binds to <paramref name="expected"/>.</summary>
        private static bool BindsTo(SemanticModel model, InvocationExpressionSyntax original, InvocationExpressionSyntax rewritten, IMethodSymbol expected, CancellationToken cancellationToken)
        {
            var info = model.GetSpeculativeSymbolInfo(original.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression);
            return SymbolEqualityComparer.Default.Equals(info.Symbol?.OriginalDefinition, expected.OriginalDefinition);
        }
    }
}
