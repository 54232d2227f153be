using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Model
{
    /// <summary>
    /// Integer values the C# compiler does not fold but the code fixes all the same: a local written once
    /// (<c>var flags = O_WRONLY | O_CREAT;</c>), a <c>static readonly</c> field of the compilation set only
    /// by its initializer, and a small method of the compilation that returns such a value. Open flags and
    /// access modes come from these as often as from literals.
    /// </summary>
    /// <remarks>
    /// Flow-insensitive, like the flag analysis: a local counts only if its declaration is its one write
    /// anywhere in the body (C#'s definite assignment then makes the initializer the value at every read);
    /// a field only if it is readonly, static and no static constructor names it; a method only if it is
    /// not virtual, has one expression or one <c>return</c>, and depth stays within <see cref="MaxDepth"/>.
    /// Anything else is unknown.
    /// </remarks>
    public static class ConstantFolding
    {
        private const int MaxDepth = 4;

        /// <param name="value">An operation of the code as written, or of a control-flow graph.</param>
        /// <param name="compilation">
        /// The compilation, for operations of a control-flow graph (they carry no semantic model).
        /// </param>
        public static long? Fold(IOperation? value, Compilation? compilation = null) => Fold(value, compilation, 0);

        private static long? Fold(IOperation? value, Compilation? compilation, int depth)
        {
            if (value == null || depth > MaxDepth) return null;
            if (value.ConstantValue.HasValue) return ToLong(value.ConstantValue.Value);
            switch (value)
            {
                case IConversionOperation conversion when conversion.OperatorMethod == null:
                    return Fold(conversion.Operand, compilation, depth);
                case IParenthesizedOperation parenthesized:
                    return Fold(parenthesized.Operand, compilation, depth);
                case IBinaryOperation binary when binary.OperatorMethod == null:
                {
                    var left = Fold(binary.LeftOperand, compilation, depth);
                    if (left == null) return null;
                    var right = Fold(binary.RightOperand, compilation, depth);
                    if (right == null) return null;
                    switch (binary.OperatorKind)
                    {
                        case BinaryOperatorKind.Or: return left.Value | right.Value;
                        case BinaryOperatorKind.And: return left.Value & right.Value;
                        case BinaryOperatorKind.ExclusiveOr: return left.Value ^ right.Value;
                        case BinaryOperatorKind.Add: return unchecked(left.Value + right.Value);
                        default: return null;
                    }
                }
                case ILocalReferenceOperation local:
                    return FoldLocal(local, compilation, depth);
                case IFieldReferenceOperation field:
                    return FoldField(field.Field, ModelOf(value, compilation), compilation, depth);
                case IInvocationOperation invocation when invocation.Arguments.IsEmpty:
                    return FoldCall(invocation.TargetMethod, ModelOf(value, compilation), compilation, depth);
                default:
                    return null;
            }
        }

        private static long? FoldLocal(ILocalReferenceOperation reference, Compilation? compilation, int depth)
        {
            var local = reference.Local;
            if (local.RefKind != RefKind.None || local.IsConst) return null;
            // The whole body as written (an operation of a control-flow graph is a rewritten copy that no
            // longer holds the declaration), lambdas and local functions included.
            var body = reference.Syntax.AncestorsAndSelf().FirstOrDefault(n => n is BaseMethodDeclarationSyntax || n is AccessorDeclarationSyntax);
            var top = body == null ? null : ModelOf(reference, compilation)?.GetOperation(body);
            if (top == null) return null;
            IOperation? initial = null;
            foreach (var operation in top.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (!(declarator.Parent is IVariableDeclarationOperation) || initial != null) return null;
                        initial = declarator.GetVariableInitializer()?.Value;
                        if (initial == null) return null;
                        break;
                    case ILocalReferenceOperation other when SymbolEqualityComparer.Default.Equals(other.Local, local) && !IsPlainRead(other):
                        return null;
                }
            }
            return Fold(initial, compilation, depth + 1);
        }

        private static bool IsPlainRead(ILocalReferenceOperation reference)
        {
            if (reference.IsDeclaration) return false;
            switch (reference.Parent)
            {
                case ISimpleAssignmentOperation assignment: return assignment.Value == reference && !assignment.IsRef;
                case ICompoundAssignmentOperation compound: return compound.Target != reference;
                case ICoalesceAssignmentOperation coalesce: return coalesce.Target != reference;
                case IIncrementOrDecrementOperation _:
                case IAddressOfOperation _:
                case IDeclarationExpressionOperation _:
                    return false;
                case IArgumentOperation argument: return argument.Parameter != null && argument.Parameter.RefKind == RefKind.None;
                case IVariableInitializerOperation initializer: return !(initializer.Parent is IVariableDeclaratorOperation d && d.Symbol.RefKind != RefKind.None);
                case ITupleOperation _: return false;
                default: return true;
            }
        }

        private static long? FoldField(IFieldSymbol field, SemanticModel? model, Compilation? compilation, int depth)
        {
            if (model == null || !field.IsStatic || !field.IsReadOnly || field.DeclaringSyntaxReferences.Length != 1) return null;
            if (!(field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax declarator) || declarator.Initializer == null) return null;
            // A static constructor may assign the field after its initializer.
            foreach (var constructor in field.ContainingType.StaticConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax().DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == field.Name)) return null;
                }
            }
            var fieldModel = ModelFor(model, declarator.SyntaxTree);
            if (fieldModel == null) return null;
            return Fold(fieldModel.GetOperation(declarator.Initializer.Value), compilation, depth + 1);
        }

        private static long? FoldCall(IMethodSymbol method, SemanticModel? model, Compilation? compilation, int depth)
        {
            if (model == null || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.IsAsync || method.IsGenericMethod) return null;
            if (method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.Length != 1) return null;
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            ExpressionSyntax? returned = null;
            switch (syntax)
            {
                case MethodDeclarationSyntax { ExpressionBody: { } arrow }:
                    returned = arrow.Expression;
                    break;
                case MethodDeclarationSyntax { Body: { Statements: { Count: 1 } statements } } when statements[0] is ReturnStatementSyntax ret:
                    returned = ret.Expression;
                    break;
                case LocalFunctionStatementSyntax { ExpressionBody: { } localArrow }:
                    returned = localArrow.Expression;
                    break;
            }
            if (returned == null) return null;
            var methodModel = ModelFor(model, syntax.SyntaxTree);
            return methodModel == null ? null : Fold(methodModel.GetOperation(returned), compilation, depth + 1);
        }

        private static SemanticModel? ModelOf(IOperation operation, Compilation? compilation)
        {
            if (operation.SemanticModel != null) return operation.SemanticModel;
            return compilation == null ? null : Shared(compilation, operation.Syntax.SyntaxTree);
        }

        private static SemanticModel? ModelFor(SemanticModel model, SyntaxTree tree) =>
            model.SyntaxTree == tree ? model : Shared(model.Compilation, tree);

        /// <summary>
        /// One semantic model per tree and compilation: a model caches what it has bound, so a body folded
        /// for one flags argument is not bound again for the next (the flow engine asks per acquiring call,
        /// on each of its passes).
        /// </summary>
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Models =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>>();

        private static SemanticModel? Shared(Compilation compilation, SyntaxTree tree)
        {
            if (!compilation.ContainsSyntaxTree(tree)) return null;
            var models = Models.GetValue(compilation, _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>());
#pragma warning disable RS1030 // Folding reads declarations of other members (a static readonly field, a constant-returning method); one model per tree, cached.
            return models.GetOrAdd(tree, t => compilation.GetSemanticModel(t));
#pragma warning restore RS1030
        }

        public static long? ToLong(object? value)
        {
            switch (value)
            {
                case int i: return i;
                case uint u: return u;
                case long l: return l;
                case ulong ul: return unchecked((long)ul);
                case short s: return s;
                case ushort us: return us;
                case byte b: return b;
                case sbyte sb: return sb;
                default: return null;
            }
        }
    }
}
