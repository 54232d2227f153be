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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0003: gives a leaked raw descriptor an owner right after its failure check, so that every
    /// exit releases it, and keeps the original close point:
    /// <code>
    /// int fdRaw = open(...);
    /// if (fdRaw &lt; 0) { ... return 1; }
    /// using (OwnedFd fd = OwnedFd.FromRawFd(fdRaw))
    /// {
    ///     ... read(fd.AsRawFd(), ...) ... if (bad) return 2;   // released here now
    /// }                                                          // where close(fd) was
    /// </code>
    /// When the close is the block's last statement (or there is none), a <c>using</c> declaration
    /// does the same. Raw calls keep running on <c>fd.AsRawFd()</c>, so what they return and how the
    /// code checks it stay as they were.
    /// </summary>
    /// <remarks>
    /// Offered only for the shape it can rewrite without changing behaviour: a local initialized by
    /// the acquiring call, followed in the same block by <c>if (fd &lt; 0 / == -1 / &lt;= -1) { ... }</c>
    /// whose body never falls through (so the owner never sees -1); after it the local is only read
    /// (no assignment, ref, lambda), closed at most once in that block as a statement of its own,
    /// and any other close comes right before a <c>return</c>, <c>throw</c>, <c>break</c> or
    /// <c>continue</c> that leaves the owner's scope. The rewritten member must then compile and
    /// be no worse under every FdSafety rule (<see cref="FixCheck"/>), which rules out a descriptor
    /// handed to a callee that closes or keeps it.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddOwnerFix))]
    public sealed class AddOwnerFix : CodeFixProvider
    {
        public const string EquivalenceKey = "FdSafety.AddOwner";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.Leak);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAll.For(this);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var plan = Plan.Make(model, root, diagnostic.Location.SourceSpan, context.CancellationToken);
                if (plan == null) continue;
                var changed = document.WithSyntaxRoot(plan.Apply(root));
                if (!await FixCheck.IsBetterAsync(document, plan.Member.Span, changed, plan.MemberAnnotation, DiagnosticIds.Leak, context.CancellationToken).ConfigureAwait(false)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Give '" + plan.OwnerName + "' an OwnedFd owner that releases it on every exit",
                        async ct =>
                        {
                            // Rebuilt against the document the action is applied to (Fix All hands in the current one).
                            var r = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                            return document.WithSyntaxRoot(plan.Apply(r!));
                        },
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>What the rewrite does, found on the original tree; <see cref="Apply"/> performs it.</summary>
        internal sealed class Plan
        {
            private BlockSyntax _block = null!;
            private VariableDeclaratorSyntax _declarator = null!;
            private int _check;          // index of the failure check in the block
            private int _close = -1;     // index of the closing statement in the block, or -1
            private readonly List<IdentifierNameSyntax> _renames = new List<IdentifierNameSyntax>();
            private readonly List<IdentifierNameSyntax> _uses = new List<IdentifierNameSyntax>();
            private readonly List<StatementSyntax> _removedCloses = new List<StatementSyntax>();
            private string _rawName = "";
            private readonly List<int> _hoisted = new List<int>();

            public string OwnerName { get; private set; } = "";
            public SyntaxNode Member { get; private set; } = null!;
            public SyntaxAnnotation MemberAnnotation { get; } = new SyntaxAnnotation("FdSafety.Member");

            public static Plan? Make(SemanticModel model, SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
            {
                var acquire = root.FindNode(span, getInnermostNodeForTie: true) as ExpressionSyntax;
                while (acquire?.Parent is ParenthesizedExpressionSyntax p) acquire = p;
                if (acquire == null || acquire.Span != span) return null;
                // `owner == null ? -1 : owner.IntoRawFd()` (what the FDS0004 return fix leaves a caller): the
                // other branch is the failed value, which the failure check below sees as before.
                if (acquire.Parent is ConditionalExpressionSyntax conditional
                    && (conditional.WhenTrue == acquire ? IsMinusOne(model, conditional.WhenFalse, cancellationToken) : IsMinusOne(model, conditional.WhenTrue, cancellationToken)))
                {
                    acquire = conditional;
                    while (acquire.Parent is ParenthesizedExpressionSyntax outer) acquire = outer;
                }
                if (!(acquire.Parent is EqualsValueClauseSyntax eq) || !(eq.Parent is VariableDeclaratorSyntax declarator)) return null;
                if (!(declarator.Parent is VariableDeclarationSyntax declaration) || declaration.Variables.Count != 1) return null;
                if (!(declaration.Parent is LocalDeclarationStatementSyntax statement) || !statement.UsingKeyword.IsKind(SyntaxKind.None)) return null;
                if (!(statement.Parent is BlockSyntax block)) return null;
                if (!(model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local) || local.Type.SpecialType != SpecialType.System_Int32) return null;
                var member = statement.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax || a is AccessorDeclarationSyntax
                    || a is LocalFunctionStatementSyntax || a is AnonymousFunctionExpressionSyntax || a is CompilationUnitSyntax);
                if (member == null || member is AnonymousFunctionExpressionSyntax) return null;

                var plan = new Plan { _block = block, _declarator = declarator, Member = member };
                var statements = block.Statements;
                int declared = statements.IndexOf(statement);

                // The failure check: the first statement after the declaration that mentions the local.
                plan._check = -1;
                for (int i = declared + 1; i < statements.Count; i++)
                {
                    if (!Boundary.References(model, statements[i], local).Any()) continue;
                    if (IsFailureCheck(model, statements[i], local, cancellationToken)) plan._check = i;
                    break;
                }
                if (plan._check < 0) return null;

                // Every later mention: a read in a value position, or a close.
                var closes = new List<(StatementSyntax Statement, int TopIndex)>();
                for (int i = plan._check + 1; i < statements.Count; i++)
                {
                    foreach (var reference in Boundary.References(model, statements[i], local))
                    {
                        StatementSyntax? close = Boundary.CloseStatement(model, reference);
                        if (close != null)
                        {
                            closes.Add((close, close.Parent == block ? i : -1));
                            continue;
                        }
                        if (!IsPlainRead(reference)) return null;
                        plan._uses.Add(reference);
                    }
                }
                var top = closes.Where(c => c.TopIndex >= 0).ToList();
                if (top.Count > 1) return null;
                if (top.Count == 1) plan._close = top[0].TopIndex;
                foreach (var (closeStatement, topIndex) in closes)
                {
                    if (topIndex >= 0) continue;
                    if (!IsRightBeforeExit(closeStatement, block, local, model)) return null;
                    plan._removedCloses.Add(closeStatement);
                }
                if (plan._close >= 0)
                {
                    // Nothing may mention the descriptor after its close, and nothing declared before
                    // the close may be needed after it once those statements move into the using block.
                    for (int i = plan._close + 1; i < statements.Count; i++)
                    {
                        if (Boundary.References(model, statements[i], local).Any()) return null;
                    }
                    if (!plan.UsesBlockDeclaration)
                    {
                        for (int i = plan._check + 1; i < plan._close; i++)
                        {
                            foreach (var declaredHere in DeclaredLocals(model, statements[i], cancellationToken))
                            {
                                bool neededAfter = false;
                                for (int j = plan._close + 1; j < statements.Count && !neededAfter; j++)
                                {
                                    neededAfter = Boundary.References(model, statements[j], declaredHere).Any();
                                }
                                if (!neededAfter) continue;
                                // A declaration whose initializers have no effect can move above the owner.
                                if (!CanHoist(model, statements[i], local)) return null;
                                if (!plan._hoisted.Contains(i)) plan._hoisted.Add(i);
                            }
                        }
                    }
                }
                if (statements.Skip(plan._check + 1).Any(s => s.DescendantNodesAndSelf().Any(n => n is GotoStatementSyntax || n is LabeledStatementSyntax))) return null;

                // Names: the owner takes the variable's name, the raw number gets a new one.
                plan.OwnerName = local.Name;
                plan._rawName = Surgery.UniqueName(model, block, local.Name + "Raw");
                for (int i = declared; i <= plan._check; i++)
                {
                    plan._renames.AddRange(Boundary.References(model, statements[i], local));
                }
                return plan;
            }

            private static bool IsMinusOne(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
            {
                var constant = model.GetConstantValue(expression, cancellationToken);
                return constant.HasValue && constant.Value is int n && n == -1;
            }

            /// <summary>True when the owner can be a <c>using</c> declaration: its scope ends where the close was.</summary>
            private bool UsesBlockDeclaration => _close < 0 || _close == _block.Statements.Count - 1;

            public SyntaxNode Apply(SyntaxNode root)
            {
                var block = root.FindNode(_block.Span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<BlockSyntax>().First(b => b.Span == _block.Span);
                var member = block.AncestorsAndSelf().First(a => a.Span == Member.Span && a.RawKind == Member.RawKind);
                var statementMark = new SyntaxAnnotation("FdSafety.Statements");
                var removeMark = new SyntaxAnnotation("FdSafety.RemoveClose");

                // Identifiers first (positions are still the original ones), marking the statements to remove.
                var renames = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>(_renames.Select(r => r.Span));
                var uses = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>(_uses.Select(r => r.Span));
                var removes = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>(_removedCloses.Select(s => s.Span));
                var newBlock = block.ReplaceNodes(
                    block.DescendantNodes().Where(n =>
                        (n is IdentifierNameSyntax && (renames.Contains(n.Span) || uses.Contains(n.Span))) || (n is StatementSyntax && removes.Contains(n.Span))
                        || (n is VariableDeclaratorSyntax v && v.Span == _declarator.Span)),
                    (original, current) =>
                    {
                        if (current is StatementSyntax s) return s.WithAdditionalAnnotations(removeMark);
                        if (current is VariableDeclaratorSyntax d) return d.WithIdentifier(SyntaxFactory.Identifier(_rawName).WithTriviaFrom(d.Identifier));
                        var id = (IdentifierNameSyntax)current;
                        if (renames.Contains(original.Span)) return SyntaxFactory.IdentifierName(_rawName).WithTriviaFrom(id);
                        return SyntaxFactory.InvocationExpression(
                                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(OwnerName), SyntaxFactory.IdentifierName("AsRawFd")))
                            .WithTriviaFrom(id);
                    });
                newBlock = newBlock.RemoveNodes(newBlock.GetAnnotatedNodes(removeMark), SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? newBlock;

                var statements = newBlock.Statements;
                var newline = Surgery.NewLineOf(root);
                var ownerTypeName = SyntaxFactory.ParseTypeName("global::FdSafety.OwnedFd");
                var fromRaw = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        ownerTypeName.WithAdditionalAnnotations(Simplifier.Annotation), SyntaxFactory.IdentifierName("FromRawFd")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(_rawName)))));
                var ownerDeclaration = SyntaxFactory.VariableDeclaration(
                    ownerTypeName.WithAdditionalAnnotations(Simplifier.Annotation).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(OwnerName))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(fromRaw))));
                // The owner line is indented like the statement it goes before.
                var next = _check + 1 < statements.Count ? statements[_check + 1] : null;
                var indent = SyntaxFactory.TriviaList((next ?? statements[_check]).GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault());
                var list = new List<StatementSyntax>(statements.Take(_check + 1));
                if (UsesBlockDeclaration)
                {
                    list.Add(SyntaxFactory.LocalDeclarationStatement(ownerDeclaration.NormalizeWhitespace())
                        .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithLeadingTrivia(indent)
                        .WithTrailingTrivia(newline));
                    list.AddRange(statements.Skip(_check + 1).Take(_close < 0 ? int.MaxValue : _close - _check - 1));
                }
                else
                {
                    var body = new List<StatementSyntax>();
                    for (int i = _check + 1; i < _close; i++)
                    {
                        if (_hoisted.Contains(i)) list.Add(statements[i]);
                        else body.Add(statements[i]);
                    }
                    if (body.Count > 0)
                    {
                        // The first statement starts the block: no blank line before it.
                        var lead = body[0].GetLeadingTrivia();
                        int skip = 0;
                        while (skip < lead.Count && (lead[skip].IsKind(SyntaxKind.EndOfLineTrivia) || (lead[skip].IsKind(SyntaxKind.WhitespaceTrivia) && skip + 1 < lead.Count && lead[skip + 1].IsKind(SyntaxKind.EndOfLineTrivia)))) skip++;
                        body[0] = body[0].WithLeadingTrivia(lead.Skip(skip));
                    }
                    var block2 = SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(indent).WithTrailingTrivia(newline),
                        SyntaxFactory.List(body),
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(indent).WithTrailingTrivia(newline));
                    list.Add(SyntaxFactory.UsingStatement(ownerDeclaration.NormalizeWhitespace(), null, block2)
                        .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithLeadingTrivia(indent).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithCloseParenToken(SyntaxFactory.Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(newline))
                        .WithAdditionalAnnotations(Formatter.Annotation));
                    list.AddRange(statements.Skip(_close + 1));
                }
                newBlock = newBlock.WithStatements(SyntaxFactory.List(list));
                var newMember = member.ReplaceNode(member.DescendantNodesAndSelf().OfType<BlockSyntax>().First(b => b.Span == block.Span), newBlock)
                    .WithAdditionalAnnotations(MemberAnnotation);
                var newRoot = root.ReplaceNode(member, newMember);
                var anchor = newRoot.GetAnnotatedNodes(MemberAnnotation).First();
                return Surgery.AddRuntimeUsing(newRoot, anchor);
            }

            /// <summary>A plain local declaration whose initializers are constants, names or a constant-size stackalloc, and do not mention the descriptor.</summary>
            private static bool CanHoist(SemanticModel model, StatementSyntax statement, ILocalSymbol local)
            {
                if (!(statement is LocalDeclarationStatementSyntax declaration) || !declaration.UsingKeyword.IsKind(SyntaxKind.None)) return false;
                if (Boundary.References(model, statement, local).Any()) return false;
                foreach (var variable in declaration.Declaration.Variables)
                {
                    var value = variable.Initializer?.Value;
                    if (value == null) continue;
                    if (model.GetConstantValue(value).HasValue || Surgery.IsFreeOfEffects(value)) continue;
                    if (value is StackAllocArrayCreationExpressionSyntax alloc && alloc.Initializer == null
                        && alloc.Type is ArrayTypeSyntax array && array.RankSpecifiers.SelectMany(r => r.Sizes).All(size => model.GetConstantValue(size).HasValue)) continue;
                    return false;
                }
                return true;
            }

            private static IEnumerable<ILocalSymbol> DeclaredLocals(SemanticModel model, StatementSyntax statement, CancellationToken cancellationToken)
            {
                foreach (var node in statement.DescendantNodesAndSelf())
                {
                    ISymbol? symbol = node switch
                    {
                        VariableDeclaratorSyntax v => model.GetDeclaredSymbol(v, cancellationToken),
                        SingleVariableDesignationSyntax d => model.GetDeclaredSymbol(d, cancellationToken),
                        _ => null,
                    };
                    if (symbol is ILocalSymbol local) yield return local;
                }
            }

            /// <summary><c>if (fd &lt; 0) { ... }</c> without else, whose body never completes normally.</summary>
            private static bool IsFailureCheck(SemanticModel model, StatementSyntax statement, ILocalSymbol local, CancellationToken cancellationToken) =>
                statement is IfStatementSyntax check && check.Else == null && Boundary.IsFailureTest(model, check.Condition, local) && Boundary.NeverFallsThrough(model, check);

            /// <summary>A read of the number where a value is expected: an argument by value, an operand, a cast.</summary>
            private static bool IsPlainRead(IdentifierNameSyntax reference)
            {
                if (reference.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax || a is LocalFunctionStatementSyntax)) return false;
                switch (reference.Parent)
                {
                    case ArgumentSyntax argument:
                        return argument.RefKindKeyword.IsKind(SyntaxKind.None) && argument.Parent is ArgumentListSyntax;
                    case BinaryExpressionSyntax _:
                    case CastExpressionSyntax _:
                    case ParenthesizedExpressionSyntax _:
                    case InterpolationSyntax _:
                        return true;
                    default:
                        return false;
                }
            }

            /// <summary>
            /// A close directly followed by a jump that leaves the owner's block (return or throw, or a
            /// break/continue of a loop outside it) that does not mention the descriptor: the owner's
            /// release at that jump happens at the same point.
            /// </summary>
            private static bool IsRightBeforeExit(StatementSyntax close, BlockSyntax ownerBlock, ILocalSymbol local, SemanticModel model)
            {
                StatementSyntax? next = null;
                if (close.Parent is BlockSyntax b)
                {
                    int i = b.Statements.IndexOf(close);
                    if (i + 1 < b.Statements.Count) next = b.Statements[i + 1];
                }
                else if (close.Parent is SwitchSectionSyntax section)
                {
                    int i = section.Statements.IndexOf(close);
                    if (i + 1 < section.Statements.Count) next = section.Statements[i + 1];
                }
                if (next == null || Boundary.References(model, next, local).Any()) return false;
                switch (next)
                {
                    case ReturnStatementSyntax _:
                    case ThrowStatementSyntax _:
                        return true;
                    case BreakStatementSyntax _:
                    case ContinueStatementSyntax _:
                        // The loop (or switch, for break) it leaves must enclose the owner's block.
                        for (var n = next.Parent; n != null && n != ownerBlock; n = n.Parent)
                        {
                            if (n is ForStatementSyntax || n is ForEachStatementSyntax || n is WhileStatementSyntax || n is DoStatementSyntax) return false;
                            if (n is SwitchStatementSyntax && next is BreakStatementSyntax) return false;
                        }
                        return true;
                    default:
                        return false;
                }
            }
        }
    }
}
