using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FdSafety.Analyzers.Model
{
    /// <summary>What a helper guarantees when it returns: which arguments it checked, which one it returns.</summary>
    public sealed class GuardEffect
    {
        public static readonly GuardEffect None = new GuardEffect(ImmutableArray<int>.Empty, -1);

        public GuardEffect(ImmutableArray<int> checkedArguments, int returnsArgument)
        {
            CheckedArguments = checkedArguments;
            ReturnsArgument = returnsArgument;
        }

        /// <summary>Arguments that are known not to be -1 (not negative) once the call returns: the helper throws otherwise.</summary>
        public ImmutableArray<int> CheckedArguments { get; }

        /// <summary>The argument the helper returns unchanged, or -1.</summary>
        public int ReturnsArgument { get; }

        public bool IsNone => CheckedArguments.IsEmpty && ReturnsArgument < 0;
    }

    /// <summary>
    /// Throw helpers and check helpers, known from their code (methods of the compilation) or by name
    /// (well-known ones of other assemblies). A method whose every path throws ends the caller's path like
    /// a throw, so <c>if (fd &lt; 0) Fail();</c> is a failure check; a method that throws when its argument
    /// is negative (<c>if (r &lt; 0) throw …; return r;</c>) checks that argument. Decided from syntax only,
    /// without binding the helper's body (only the calls in its tail position are bound, to follow one
    /// helper calling another), and cached per method.
    /// </summary>
    public sealed class ThrowHelpers
    {
        private const int MaxDepth = 4;

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _alwaysThrows = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, GuardEffect> _guards = new ConcurrentDictionary<IMethodSymbol, GuardEffect>(SymbolEqualityComparer.Default);

        public ThrowHelpers(Compilation compilation)
        {
            _compilation = compilation;
        }

        /// <summary>The call never returns normally: it always throws.</summary>
        public bool AlwaysThrows(IMethodSymbol method) => AlwaysThrows(method, 0);

        private bool AlwaysThrows(IMethodSymbol method, int depth)
        {
            method = method.ReducedFrom ?? method;
            method = method.OriginalDefinition;
            if (_alwaysThrows.TryGetValue(method, out var known)) return known;
            bool result = Compute(method, depth);
            // A cut at the depth bound depends on where the chain was entered: cache only full answers.
            if (depth == 0 || result) _alwaysThrows.TryAdd(method, result);
            return result;
        }

        private bool Compute(IMethodSymbol method, int depth)
        {
            if (IsKnownThrower(method)) return true;
            if (depth >= MaxDepth || method.IsAsync || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern) return false;
            if (method.DeclaringSyntaxReferences.Length != 1) return false;
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree)) return false;
            switch (syntax)
            {
                case MethodDeclarationSyntax m:
                    if (m.ExpressionBody != null) return ExpressionThrows(m.ExpressionBody.Expression, depth);
                    return m.Body != null && !IsIterator(m.Body) && StatementThrows(m.Body, depth);
                case LocalFunctionStatementSyntax l:
                    if (l.ExpressionBody != null) return ExpressionThrows(l.ExpressionBody.Expression, depth);
                    return l.Body != null && !IsIterator(l.Body) && StatementThrows(l.Body, depth);
            }
            return false;
        }

        private static bool IsIterator(BlockSyntax body) =>
            body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any();

        /// <summary>Well-known helpers of other assemblies that always throw.</summary>
        private static bool IsKnownThrower(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type == null) return false;
            string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
            switch (type.Name)
            {
                case "UnixMarshal" when ns == "Mono.Unix":
                    return method.Name == "ThrowExceptionForLastError" || method.Name == "ThrowExceptionForError";
                case "ExceptionDispatchInfo" when ns == "System.Runtime.ExceptionServices":
                    return method.Name == "Throw";
                case "Assert" when IsTestFramework(ns):
                case "ClassicAssert" when IsTestFramework(ns):
                    return method.Name == "Fail" || method.Name == "Inconclusive" || method.Name == "Ignore";
            }
            return false;
        }

        public static bool IsTestFramework(string ns) =>
            ns == "Xunit" || ns.StartsWith("NUnit.Framework", System.StringComparison.Ordinal)
            || ns == "Microsoft.VisualStudio.TestTools.UnitTesting";

        private bool StatementThrows(StatementSyntax statement, int depth)
        {
            switch (statement)
            {
                case ThrowStatementSyntax _:
                    return true;
                case BlockSyntax block:
                    foreach (var s in block.Statements)
                    {
                        // A label makes later code reachable from elsewhere: stop trusting the order.
                        if (s is LabeledStatementSyntax) return false;
                        if (StatementThrows(s, depth)) return true;
                        if (s is ReturnStatementSyntax || s is BreakStatementSyntax || s is ContinueStatementSyntax || s is GotoStatementSyntax || s is YieldStatementSyntax) return false;
                    }
                    return false;
                case IfStatementSyntax ifStatement:
                    return ifStatement.Else != null && StatementThrows(ifStatement.Statement, depth) && StatementThrows(ifStatement.Else.Statement, depth);
                case ExpressionStatementSyntax expression:
                    return ExpressionThrows(expression.Expression, depth);
                case TryStatementSyntax tryStatement:
                    if (tryStatement.Finally != null && StatementThrows(tryStatement.Finally.Block, depth)) return true;
                    return StatementThrows(tryStatement.Block, depth) && tryStatement.Catches.All(c => StatementThrows(c.Block, depth));
                case UsingStatementSyntax usingStatement:
                    return StatementThrows(usingStatement.Statement, depth);
                case LockStatementSyntax lockStatement:
                    return StatementThrows(lockStatement.Statement, depth);
                case CheckedStatementSyntax checkedStatement:
                    return StatementThrows(checkedStatement.Block, depth);
                case UnsafeStatementSyntax unsafeStatement:
                    return StatementThrows(unsafeStatement.Block, depth);
            }
            return false;
        }

        private bool ExpressionThrows(ExpressionSyntax expression, int depth)
        {
            while (expression is ParenthesizedExpressionSyntax p) expression = p.Expression;
            switch (expression)
            {
                case ThrowExpressionSyntax _:
                    return true;
                case InvocationExpressionSyntax invocation:
                {
                    var model = SemanticModelFor(invocation.SyntaxTree);
                    if (model == null) return false;
                    var symbol = model.GetSymbolInfo(invocation).Symbol as IMethodSymbol;
                    if (symbol == null) return false;
                    if (symbol.GetAttributes().Any(a => a.AttributeClass?.Name == "DoesNotReturnAttribute")) return true;
                    return AlwaysThrows(symbol, depth + 1);
                }
            }
            return false;
        }

        private SemanticModel? SemanticModelFor(SyntaxTree tree)
        {
            if (!_compilation.ContainsSyntaxTree(tree)) return null;
#pragma warning disable RS1030 // A helper's tail call is bound to follow one helper into another; answers are cached per method.
            return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }

        /// <summary>What the helper guarantees about its arguments when it returns (a check helper), or <see cref="GuardEffect.None"/>.</summary>
        public GuardEffect Guard(IMethodSymbol method)
        {
            method = method.ReducedFrom ?? method;
            method = method.OriginalDefinition;
            return _guards.GetOrAdd(method, ComputeGuard);
        }

        private GuardEffect ComputeGuard(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type != null && type.Name == "UnixMarshal" && type.ContainingNamespace?.ToDisplayString() == "Mono.Unix"
                && method.Name == "ThrowExceptionForLastErrorIf" && method.Parameters.Length == 1)
            {
                // Throws when its argument is -1.
                return new GuardEffect(ImmutableArray.Create(0), -1);
            }
            if (type != null && type.Name == "ArgumentOutOfRangeException" && type.ContainingNamespace?.ToDisplayString() == "System"
                && method.IsStatic && (method.Name == "ThrowIfNegative" || method.Name == "ThrowIfNegativeOrZero"))
            {
                // ArgumentOutOfRangeException.ThrowIfNegative(fd): past the call, fd is not -1.
                return new GuardEffect(ImmutableArray.Create(0), -1);
            }
            if (method.IsAsync || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.DeclaringSyntaxReferences.Length != 1) return GuardEffect.None;
            if (!method.Parameters.Any(p => OwnershipTable.IsRawFdType(p.Type) && p.RefKind == RefKind.None)) return GuardEffect.None;
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree)) return GuardEffect.None;
            BlockSyntax? body = (syntax as MethodDeclarationSyntax)?.Body ?? (syntax as LocalFunctionStatementSyntax)?.Body;
            if (body == null || IsIterator(body)) return GuardEffect.None;

            // Leading guards: `if (<p is negative>) <always throws>;` (also with `||` other conditions), and
            // `ArgumentOutOfRangeException.ThrowIfNegative(p)`; then the rest must not assign the parameter.
            var checkedNames = ImmutableHashSet.CreateBuilder<string>();
            int index = 0;
            for (; index < body.Statements.Count; index++)
            {
                var statement = body.Statements[index];
                if (statement is IfStatementSyntax guard && guard.Else == null && StatementThrows(guard.Statement, 0))
                {
                    foreach (var name in NegativeTests(guard.Condition)) checkedNames.Add(name);
                    continue;
                }
                if (statement is ExpressionStatementSyntax call && call.Expression is InvocationExpressionSyntax invocation
                    && invocation.Expression is MemberAccessExpressionSyntax member
                    && (member.Name.Identifier.ValueText == "ThrowIfNegative" || member.Name.Identifier.ValueText == "ThrowIfNegativeOrZero"
                        || member.Name.Identifier.ValueText == "ThrowExceptionForLastErrorIf")
                    && invocation.ArgumentList.Arguments.Count >= 1 && invocation.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax argument)
                {
                    checkedNames.Add(argument.Identifier.ValueText);
                    continue;
                }
                break;
            }
            var checkedOrdinals = ImmutableArray.CreateBuilder<int>();
            foreach (var p in method.Parameters)
            {
                if (checkedNames.Contains(p.Name) && OwnershipTable.IsRawFdType(p.Type) && p.RefKind == RefKind.None && !IsAssigned(body, p.Name)) checkedOrdinals.Add(p.Ordinal);
            }
            if (checkedOrdinals.Count == 0) return GuardEffect.None;

            // `return p;` on every return after the guards: the helper passes its argument through.
            int returns = -1;
            var rest = body.Statements.Skip(index).ToList();
            if (rest.Count == 1 && rest[0] is ReturnStatementSyntax ret && Unparenthesize(ret.Expression) is IdentifierNameSyntax returned)
            {
                var p = method.Parameters.FirstOrDefault(x => x.Name == returned.Identifier.ValueText);
                if (p != null && checkedOrdinals.Contains(p.Ordinal)) returns = p.Ordinal;
            }
            return new GuardEffect(checkedOrdinals.ToImmutable(), returns);
        }

        private static ExpressionSyntax? Unparenthesize(ExpressionSyntax? e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            return e;
        }

        private static bool IsAssigned(SyntaxNode body, string name) =>
            body.DescendantNodes().Any(n =>
                n is AssignmentExpressionSyntax a && Unparenthesize(a.Left) is IdentifierNameSyntax id && id.Identifier.ValueText == name
                || n is ArgumentSyntax arg && !arg.RefKindKeyword.IsKind(SyntaxKind.None) && Unparenthesize(arg.Expression) is IdentifierNameSyntax r && r.Identifier.ValueText == name
                || n is PrefixUnaryExpressionSyntax pre && (pre.IsKind(SyntaxKind.PreIncrementExpression) || pre.IsKind(SyntaxKind.PreDecrementExpression)) && Unparenthesize(pre.Operand) is IdentifierNameSyntax i1 && i1.Identifier.ValueText == name
                || n is PostfixUnaryExpressionSyntax post && Unparenthesize(post.Operand) is IdentifierNameSyntax i2 && i2.Identifier.ValueText == name);

        /// <summary>The names a condition tests for being negative or -1, such that the condition holds then.</summary>
        private static System.Collections.Generic.IEnumerable<string> NegativeTests(ExpressionSyntax condition)
        {
            condition = Unparenthesize(condition)!;
            if (condition is BinaryExpressionSyntax or && or.IsKind(SyntaxKind.LogicalOrExpression))
            {
                foreach (var n in NegativeTests(or.Left)) yield return n;
                foreach (var n in NegativeTests(or.Right)) yield return n;
                yield break;
            }
            if (condition is BinaryExpressionSyntax binary)
            {
                var left = Unparenthesize(binary.Left);
                var right = Unparenthesize(binary.Right);
                if (left is IdentifierNameSyntax l && Constant(right) is long rc && Covers(binary.Kind(), rc, mirrored: false)) yield return l.Identifier.ValueText;
                else if (right is IdentifierNameSyntax r && Constant(left) is long lc && Covers(binary.Kind(), lc, mirrored: true)) yield return r.Identifier.ValueText;
            }
            else if (condition is IsPatternExpressionSyntax pattern && Unparenthesize(pattern.Expression) is IdentifierNameSyntax subject)
            {
                if (pattern.Pattern is RelationalPatternSyntax relational && Constant(relational.Expression) is long c
                    && Covers(relational.OperatorToken.Kind() switch
                    {
                        SyntaxKind.LessThanToken => SyntaxKind.LessThanExpression,
                        SyntaxKind.LessThanEqualsToken => SyntaxKind.LessThanOrEqualExpression,
                        SyntaxKind.GreaterThanToken => SyntaxKind.GreaterThanExpression,
                        SyntaxKind.GreaterThanEqualsToken => SyntaxKind.GreaterThanOrEqualExpression,
                        _ => SyntaxKind.None,
                    }, c, mirrored: false))
                {
                    yield return subject.Identifier.ValueText;
                }
                else if (pattern.Pattern is ConstantPatternSyntax constant && Constant(constant.Expression) is long k && k == -1)
                {
                    yield return subject.Identifier.ValueText;
                }
            }
        }

        /// <summary>Whether `x op c` (or `c op x` when mirrored) holds for x = -1: the guard then throws for a failed call.</summary>
        private static bool Covers(SyntaxKind kind, long c, bool mirrored)
        {
            long left = mirrored ? c : -1, right = mirrored ? -1 : c;
            switch (kind)
            {
                case SyntaxKind.LessThanExpression: return left < right;
                case SyntaxKind.LessThanOrEqualExpression: return left <= right;
                case SyntaxKind.GreaterThanExpression: return left > right;
                case SyntaxKind.GreaterThanOrEqualExpression: return left >= right;
                case SyntaxKind.EqualsExpression: return left == right;
                default: return false;
            }
        }

        private static long? Constant(ExpressionSyntax? e)
        {
            e = Unparenthesize(e);
            if (e is LiteralExpressionSyntax literal && literal.Token.Value is int i) return i;
            if (e is PrefixUnaryExpressionSyntax negative && negative.IsKind(SyntaxKind.UnaryMinusExpression)
                && negative.Operand is LiteralExpressionSyntax n && n.Token.Value is int j)
            {
                return -j;
            }
            return null;
        }
    }
}
