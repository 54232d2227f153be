using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// What the FDS0004 fixes share: which signatures they may change, where a method is called
    /// (every reference must be a call whose arguments can be rewritten), what a body does with a
    /// variable, whether a raw number handed on is certainly an open descriptor the caller owns and
    /// never touches again, and the runtime expressions they write.
    /// </summary>
    internal static class Boundary
    {
        /// <summary>One call of a method: an invocation or an object creation, with its argument list.</summary>
        internal sealed class Call
        {
            public Call(Document document, SemanticModel model, ExpressionSyntax node, ArgumentListSyntax? arguments)
            {
                Document = document;
                Model = model;
                Node = node;
                Arguments = arguments;
            }

            public Document Document { get; }
            public SemanticModel Model { get; }
            public ExpressionSyntax Node { get; }
            public ArgumentListSyntax? Arguments { get; }
        }

        /// <summary>
        /// A method whose signature is its own to change: an ordinary method or a constructor, not
        /// virtual, abstract, an override, an interface member or implementation, extern, partial or
        /// async, declared once, with a body.
        /// </summary>
        public static bool IsChangeable(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.Constructor) return false;
            if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.IsAsync || method.IsStatic && method.MethodKind == MethodKind.Constructor
                || method.PartialDefinitionPart != null || method.PartialImplementationPart != null || method.ContainingType.TypeKind == TypeKind.Interface
                || method.ExplicitInterfaceImplementations.Length > 0 || method.DeclaringSyntaxReferences.Length != 1) return false;
            var type = method.ContainingType;
            return !type.AllInterfaces.SelectMany(i => i.GetMembers().OfType<IMethodSymbol>())
                .Any(m => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(m), method));
        }

        /// <summary>The body of a method or constructor declaration: its block or expression.</summary>
        public static SyntaxNode? BodyOf(BaseMethodDeclarationSyntax declaration) => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody?.Expression;

        /// <summary>
        /// Every call of <paramref name="method"/> in the solution, or null when some reference is not a
        /// plain call (a method group, a delegate, a <c>this(...)</c>/<c>base(...)</c> initializer).
        /// </summary>
        public static async Task<List<Call>?> CallsAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
        {
            var calls = new List<Call>();
            var references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.IsImplicit || location.IsCandidateLocation) return null;
                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root == null || model == null) return null;
                var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (method.MethodKind == MethodKind.Constructor)
                {
                    var creation = node.AncestorsAndSelf().OfType<BaseObjectCreationExpressionSyntax>().FirstOrDefault();
                    if (creation == null || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(creation, cancellationToken).Symbol, method)) return null;
                    if (creation.Initializer != null && creation.Initializer.Span.Contains(location.Location.SourceSpan)) return null;
                    calls.Add(new Call(location.Document, model, creation, creation.ArgumentList));
                    continue;
                }
                var invocation = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Expression.Span.Contains(location.Location.SourceSpan)
                    && (i.Expression == node || i.Expression is MemberAccessExpressionSyntax m && m.Name == node));
                if (invocation == null) return null;
                calls.Add(new Call(location.Document, model, invocation, invocation.ArgumentList));
            }
            return calls;
        }

        /// <summary>The argument that binds to <paramref name="parameter"/>, or null (a default value is used).</summary>
        public static ArgumentSyntax? ArgumentFor(ArgumentListSyntax? list, IParameterSymbol parameter)
        {
            if (list == null) return null;
            var args = list.Arguments;
            var named = args.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter.Name);
            if (named != null) return named;
            // Positional arguments before the first named one stand for the parameters in order.
            int positional = 0;
            while (positional < args.Count && args[positional].NameColon == null) positional++;
            return parameter.Ordinal < positional ? args[parameter.Ordinal] : null;
        }

        /// <summary>The identifiers in <paramref name="node"/> that refer to <paramref name="symbol"/>.</summary>
        public static IEnumerable<IdentifierNameSyntax> References(SemanticModel model, SyntaxNode node, ISymbol symbol, CancellationToken cancellationToken = default) =>
            node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                .Where(id => id.Identifier.ValueText == symbol.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, symbol));

        /// <summary>The reference itself, or <c>this.x</c> around it.</summary>
        public static ExpressionSyntax Whole(IdentifierNameSyntax reference) =>
            reference.Parent is MemberAccessExpressionSyntax access && access.Name == reference && access.Expression is ThisExpressionSyntax ? access : (ExpressionSyntax)reference;

        /// <summary>True when the reference sits in a lambda or a local function.</summary>
        public static bool IsCaptured(SyntaxNode reference) =>
            reference.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax || a is LocalFunctionStatementSyntax);

        /// <summary>A read of the number handed to a call by value, e.g. <c>read(fd, ...)</c>, other than to a close.</summary>
        public static bool IsArgumentRead(SemanticModel model, ExpressionSyntax reference, CancellationToken cancellationToken) =>
            reference.Parent is ArgumentSyntax argument && argument.RefKindKeyword.IsKind(SyntaxKind.None) && argument.Parent is ArgumentListSyntax list
            && !(list.Parent is InvocationExpressionSyntax invocation && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && OwnershipTable.IsLibcMethod(method, out var entry) && entry == "close");

        /// <summary>The statement <c>close(x);</c> (any libc binding, result unused) when the reference is its only argument.</summary>
        public static ExpressionStatementSyntax? CloseStatement(SemanticModel model, ExpressionSyntax reference, CancellationToken cancellationToken = default)
        {
            if (!(reference.Parent is ArgumentSyntax argument) || !argument.RefKindKeyword.IsKind(SyntaxKind.None)) return null;
            if (!(argument.Parent is ArgumentListSyntax list) || list.Arguments.Count != 1 || !(list.Parent is InvocationExpressionSyntax invocation)) return null;
            if (!(invocation.Parent is ExpressionStatementSyntax statement)) return null;
            if (!(model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method)) return null;
            return OwnershipTable.IsLibcMethod(method, out var entry) && entry == "close" ? statement : null;
        }

        /// <summary>
        /// True when <paramref name="statement"/> is a statement of the body's own block and every path
        /// through the body reaches it: no statement before it can leave the method (return, throw,
        /// goto, yield). With <paramref name="throwsAllowed"/> a throw before it is fine: a constructor that
        /// throws leaves no object behind whose field could be unset.
        /// </summary>
        public static bool IsOnEveryPath(SyntaxNode body, StatementSyntax statement, bool throwsAllowed = false)
        {
            if (!(body is BlockSyntax block) || statement.Parent != block) return false;
            foreach (var earlier in block.Statements.TakeWhile(s => s != statement))
            {
                if (earlier.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax))
                    .Any(n => n is ReturnStatementSyntax || !throwsAllowed && (n is ThrowStatementSyntax || n is ThrowExpressionSyntax) || n is GotoStatementSyntax || n is YieldStatementSyntax)) return false;
            }
            return true;
        }

        /// <summary>
        /// True when <paramref name="value"/> is certainly an open descriptor that its method owns: a
        /// local set once by an acquiring call and checked for failure (<c>if (fd &lt; 0) { ... }</c>,
        /// a body that never falls through) before <paramref name="at"/>, or an element 0 or 1 of an
        /// array filled by <c>pipe</c>/<c>pipe2</c> whose result was checked the same way.
        /// </summary>
        public static bool IsCheckedOpen(SemanticModel model, ExpressionSyntax value, SyntaxNode at, CancellationToken cancellationToken)
        {
            if (!(Root(model, value, cancellationToken) is ILocalSymbol local)) return false;
            bool element = value is ElementAccessExpressionSyntax;
            var body = at.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax || a is AccessorDeclarationSyntax || a is LocalFunctionStatementSyntax
                || a is AnonymousFunctionExpressionSyntax || a is CompilationUnitSyntax);
            if (body == null || local.DeclaringSyntaxReferences.Length != 1) return false;
            if (!(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator)) return false;

            // Set once: by its initializer (an int), or filled by the checked pipe call (an array).
            var initializer = declarator.Initializer?.Value;
            if (initializer == null) return false;
            if (!element && !IsAcquiringCall(model, initializer, cancellationToken)) return false;
            foreach (var reference in References(model, body, local, cancellationToken))
            {
                if (IsWritten(reference) || CloseStatement(model, reference, cancellationToken) != null) return false;
                if (element && !(reference.Parent is ElementAccessExpressionSyntax read && read.Expression == reference && !IsWritten(read))
                    && !IsPipeArray(model, reference, cancellationToken)) return false;
            }

            // A failure check before the use, in the same or an enclosing block.
            for (var node = at; node != null && node != body; node = node.Parent)
            {
                if (!(node.Parent is BlockSyntax block) || !(node is StatementSyntax statement)) continue;
                foreach (var earlier in block.Statements.TakeWhile(s => s != statement))
                {
                    if (!(earlier is IfStatementSyntax check) || check.Else != null || !NeverFallsThrough(model, check)) continue;
                    if (element ? IsPipeFailureTest(model, check.Condition, local, cancellationToken) : IsFailureTest(model, check.Condition, local)) return true;
                }
            }
            return false;
        }

        /// <summary>A local set once, by its initializer, an acquiring call: a descriptor its method owns, or -1.</summary>
        public static bool IsAcquiredOnce(SemanticModel model, ExpressionSyntax value, SyntaxNode at, CancellationToken cancellationToken)
        {
            if (!(value is IdentifierNameSyntax) || !(Root(model, value, cancellationToken) is ILocalSymbol local) || local.DeclaringSyntaxReferences.Length != 1) return false;
            if (!(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator)) return false;
            var body = at.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax || a is AccessorDeclarationSyntax || a is LocalFunctionStatementSyntax
                || a is AnonymousFunctionExpressionSyntax || a is CompilationUnitSyntax);
            if (body == null || declarator.Initializer == null || !IsAcquiringCall(model, declarator.Initializer.Value, cancellationToken)) return false;
            return References(model, body, local, cancellationToken).All(r => !IsWritten(r) && CloseStatement(model, r, cancellationToken) == null && !IsCaptured(r));
        }

        /// <summary>
        /// True when the variable under <paramref name="value"/> is not mentioned after <paramref name="call"/>
        /// (nor again in the call, except other elements of the same array), and the call is not in a
        /// loop that the variable outlives: after handing the number on, the code never closes or uses it.
        /// </summary>
        public static bool IsUnusedAfter(SemanticModel model, ExpressionSyntax value, SyntaxNode call, CancellationToken cancellationToken)
        {
            var symbol = Root(model, value, cancellationToken);
            if (!(symbol is ILocalSymbol local) || local.DeclaringSyntaxReferences.Length != 1) return false;
            var declaration = local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var body = call.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax || a is AccessorDeclarationSyntax || a is LocalFunctionStatementSyntax
                || a is AnonymousFunctionExpressionSyntax || a is CompilationUnitSyntax);
            if (body == null) return false;
            var loop = call.Ancestors().TakeWhile(a => a != body).FirstOrDefault(a => a is ForStatementSyntax || a is ForEachStatementSyntax || a is WhileStatementSyntax || a is DoStatementSyntax);
            if (loop != null && !loop.Span.Contains(declaration.Span)) return false;
            var index = value is ElementAccessExpressionSyntax e ? Index(model, e, cancellationToken) : null;
            foreach (var reference in References(model, body, local, cancellationToken))
            {
                if (value.Span.Contains(reference.Span)) continue;
                if (IsCaptured(reference)) return false;
                if (call.Span.Contains(reference.Span))
                {
                    // Another element of the same array handed on in the same call: pipe's other end.
                    if (index == null || !(reference.Parent is ElementAccessExpressionSyntax other) || other.Expression != reference) return false;
                    var otherIndex = Index(model, other, cancellationToken);
                    if (otherIndex == null || otherIndex == index) return false;
                    continue;
                }
                if (reference.SpanStart > call.Span.End) return false;
            }
            return true;
        }

        /// <summary>True when <paramref name="symbol"/> is mentioned after <paramref name="call"/>, captured, or the call is in a loop.</summary>
        private static bool IsMentionedAfter(SemanticModel model, ISymbol symbol, SyntaxNode call, CancellationToken cancellationToken)
        {
            var body = call.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax || a is AccessorDeclarationSyntax || a is LocalFunctionStatementSyntax
                || a is AnonymousFunctionExpressionSyntax || a is CompilationUnitSyntax);
            if (body == null) return true;
            if (call.Ancestors().TakeWhile(a => a != body).Any(a => a is ForStatementSyntax || a is ForEachStatementSyntax || a is WhileStatementSyntax || a is DoStatementSyntax)) return true;
            return References(model, body, symbol, cancellationToken).Any(r => IsCaptured(r) || r.SpanStart > call.Span.End);
        }

        /// <summary>A call the ownership table knows to return a new descriptor (open, socket, dup, accept, IntoRawFd ...).</summary>
        public static bool IsAcquiringCall(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
        {
            while (expression is ParenthesizedExpressionSyntax p) expression = p.Expression;
            if (!(expression is InvocationExpressionSyntax)) return false;
            if (!(model.GetOperation(expression, cancellationToken) is Microsoft.CodeAnalysis.Operations.IInvocationOperation operation)) return false;
            var table = new OwnershipTable(model.Compilation, FdOptions.Default);
            return table.ClassifyKnown(operation).Acquire == AcquireShape.ReturnValue;
        }

        /// <summary><c>if (x &lt; 0)</c>, <c>x == -1</c>, <c>x &lt;= -1</c>, <c>0 &gt; x</c>, <c>-1 == x</c>, <c>-1 &gt;= x</c>.</summary>
        public static bool IsFailureTest(SemanticModel model, ExpressionSyntax condition, ISymbol local)
        {
            while (condition is ParenthesizedExpressionSyntax p) condition = p.Expression;
            if (!(condition is BinaryExpressionSyntax binary)) return false;
            bool IsLocal(ExpressionSyntax e) => e is IdentifierNameSyntax id && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id).Symbol, local);
            long? Constant(ExpressionSyntax e)
            {
                var c = model.GetConstantValue(e);
                return c.HasValue && c.Value is int i ? i : (long?)null;
            }
            switch (binary.Kind())
            {
                case SyntaxKind.LessThanExpression:
                    return IsLocal(binary.Left) && Constant(binary.Right) == 0;
                case SyntaxKind.GreaterThanExpression:
                    return IsLocal(binary.Right) && Constant(binary.Left) == 0;
                case SyntaxKind.LessThanOrEqualExpression:
                    return IsLocal(binary.Left) && Constant(binary.Right) == -1;
                case SyntaxKind.GreaterThanOrEqualExpression:
                    return IsLocal(binary.Right) && Constant(binary.Left) == -1;
                case SyntaxKind.EqualsExpression:
                    return (IsLocal(binary.Left) && Constant(binary.Right) == -1) || (IsLocal(binary.Right) && Constant(binary.Left) == -1);
                default:
                    return false;
            }
        }

        /// <summary>An <c>if</c> whose body never completes normally (it returns, throws, breaks or continues).</summary>
        public static bool NeverFallsThrough(SemanticModel model, IfStatementSyntax check)
        {
            var flow = check.Statement is BlockSyntax b
                ? (b.Statements.Count > 0 ? model.AnalyzeControlFlow(b.Statements.First(), b.Statements.Last()) : null)
                : model.AnalyzeControlFlow(check.Statement);
            return flow != null && flow.Succeeded && !flow.EndPointIsReachable;
        }

        /// <summary><c>OwnedFd.FromRawFd(value)</c>, the runtime's type marked for the simplifier.</summary>
        public static InvocationExpressionSyntax FromRawFd(ExpressionSyntax value) =>
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, OwnedFdType(), SyntaxFactory.IdentifierName("FromRawFd")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value.WithoutTrivia()))))
            .WithTriviaFrom(value);

        /// <summary><c>receiver.Name()</c>.</summary>
        public static InvocationExpressionSyntax CallOn(ExpressionSyntax receiver, string name) =>
            SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), SyntaxFactory.IdentifierName(name)))
                .WithTriviaFrom(receiver);

        public static TypeSyntax OwnedFdType() => SyntaxFactory.ParseTypeName("global::FdSafety.OwnedFd").WithAdditionalAnnotations(Simplifier.Annotation);

        /// <summary>True when the file at that point has nullable annotations on (<c>OwnedFd?</c> may be written).</summary>
        public static bool AnnotationsEnabled(SemanticModel model, int position) =>
            (model.GetNullableContext(position) & NullableContext.AnnotationsEnabled) != 0;

        /// <summary>
        /// What the caller hands over for a parameter that now takes ownership, or null when nothing
        /// certainly does so without changing what runs: <c>owner.IntoRawFd()</c> gives its owner,
        /// a checked open descriptor the caller never mentions again gives <c>OwnedFd.FromRawFd(fd)</c>.
        /// </summary>
        public static ExpressionSyntax? HandedOver(SemanticModel model, ExpressionSyntax argument, SyntaxNode call, CancellationToken cancellationToken)
        {
            if (argument is InvocationExpressionSyntax invocation && invocation.ArgumentList.Arguments.Count == 0
                && invocation.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == "IntoRawFd"
                && model.GetTypeInfo(access.Expression, cancellationToken).Type?.ToDisplayString() == "FdSafety.OwnedFd")
            {
                // The owner itself, when the caller does not touch it again (it was spent; now it lives on).
                if (!(access.Expression is IdentifierNameSyntax owner) || !(model.GetSymbolInfo(owner, cancellationToken).Symbol is ISymbol symbol)
                    || !(symbol is ILocalSymbol || symbol is IParameterSymbol) || IsMentionedAfter(model, symbol, call, cancellationToken)) return null;
                return access.Expression.WithTriviaFrom(argument);
            }
            if (IsCheckedOpen(model, argument, call, cancellationToken) && IsUnusedAfter(model, argument, call, cancellationToken)) return FromRawFd(argument);
            return null;
        }

        private static ISymbol? Root(SemanticModel model, ExpressionSyntax value, CancellationToken cancellationToken)
        {
            while (value is ParenthesizedExpressionSyntax p) value = p.Expression;
            if (value is IdentifierNameSyntax id) return model.GetSymbolInfo(id, cancellationToken).Symbol is ILocalSymbol l && l.Type.SpecialType == SpecialType.System_Int32 ? l : null;
            if (value is ElementAccessExpressionSyntax element && element.Expression is IdentifierNameSyntax array && Index(model, element, cancellationToken) != null
                && model.GetSymbolInfo(array, cancellationToken).Symbol is ILocalSymbol a && a.Type is IArrayTypeSymbol t && t.ElementType.SpecialType == SpecialType.System_Int32)
            {
                return a;
            }
            return null;
        }

        private static int? Index(SemanticModel model, ElementAccessExpressionSyntax element, CancellationToken cancellationToken)
        {
            if (element.ArgumentList.Arguments.Count != 1) return null;
            var c = model.GetConstantValue(element.ArgumentList.Arguments[0].Expression, cancellationToken);
            return c.HasValue && c.Value is int i && (i == 0 || i == 1) ? i : (int?)null;
        }

        private static bool IsWritten(ExpressionSyntax reference)
        {
            var node = reference;
            while (node.Parent is ParenthesizedExpressionSyntax p) node = p;
            switch (node.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == node:
                    return true;
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                    return true;
                case PostfixUnaryExpressionSyntax _:
                    return true;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return true;
                case RefExpressionSyntax _:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The array as the first argument of a libc pipe/pipe2 call.</summary>
        private static bool IsPipeArray(SemanticModel model, IdentifierNameSyntax reference, CancellationToken cancellationToken) =>
            reference.Parent is ArgumentSyntax argument && argument.RefKindKeyword.IsKind(SyntaxKind.None)
            && argument.Parent is ArgumentListSyntax list && list.Arguments.IndexOf(argument) == 0 && list.Parent is InvocationExpressionSyntax invocation
            && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
            && OwnershipTable.IsLibcMethod(method, out var entry) && (entry == "pipe" || entry == "pipe2");

        /// <summary><c>pipe(fds) != 0</c>, <c>&lt; 0</c>, <c>== -1</c> (or <c>pipe2</c>), the array being <paramref name="array"/>.</summary>
        private static bool IsPipeFailureTest(SemanticModel model, ExpressionSyntax condition, ILocalSymbol array, CancellationToken cancellationToken)
        {
            while (condition is ParenthesizedExpressionSyntax p) condition = p.Expression;
            if (!(condition is BinaryExpressionSyntax binary)) return false;
            bool IsPipe(ExpressionSyntax e) =>
                e is InvocationExpressionSyntax call && call.ArgumentList.Arguments.Count > 0
                && call.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax id && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, array)
                && IsPipeArray(model, id, cancellationToken);
            long? Constant(ExpressionSyntax e)
            {
                var c = model.GetConstantValue(e, cancellationToken);
                return c.HasValue && c.Value is int i ? i : (long?)null;
            }
            switch (binary.Kind())
            {
                case SyntaxKind.NotEqualsExpression:
                    return (IsPipe(binary.Left) && Constant(binary.Right) == 0) || (IsPipe(binary.Right) && Constant(binary.Left) == 0);
                case SyntaxKind.LessThanExpression:
                    return IsPipe(binary.Left) && Constant(binary.Right) == 0;
                case SyntaxKind.EqualsExpression:
                    return (IsPipe(binary.Left) && Constant(binary.Right) == -1) || (IsPipe(binary.Right) && Constant(binary.Left) == -1);
                default:
                    return false;
            }
        }
    }
}
