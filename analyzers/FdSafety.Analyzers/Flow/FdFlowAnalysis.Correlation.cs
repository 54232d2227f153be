using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// Correlated conditions: what the program's own bools, integers and references are known to hold
    /// (<see cref="KnownValues"/>), so that a second test of an unchanged condition takes the branch the first
    /// one fixed (<c>if (early) close(fd); … if (!early) close(fd);</c>, a <c>closed</c> flag, a field tested
    /// before an early return and again after it).
    /// </summary>
    public sealed partial class FdFlowAnalysis
    {
        private HashSet<string>? _aliased;
        private HashSet<string>? _correlated;

        /// <summary>Prunes the branch a known condition cannot take, and records the outcome on each branch it can.</summary>
        private void Correlate(IOperation branchValue, FlowState state, ref FlowState? whenTrue, ref FlowState? whenFalse)
        {
            if (_entries == 1) return;
            var condition = ConditionOf(branchValue, out bool negated);
            if (condition != null)
            {
                if (state.Known.Evaluate(condition) is bool known)
                {
                    if (known != negated) whenFalse = null;
                    else whenTrue = null;
                    return;
                }
                if (whenTrue != null) whenTrue.Known = whenTrue.Known.Learn(condition, !negated);
                if (whenFalse != null) whenFalse.Known = whenFalse.Known.Learn(condition, negated);
                return;
            }
            var parts = TuplePatternOf(branchValue);
            if (parts == null) return;
            // A positional pattern over a tuple of variables (a switch arm `(true, false) =>`): it matches when
            // every part does, and fails when any one fails.
            bool allHold = true;
            foreach (var (part, partNegated) in parts)
            {
                var known = state.Known.Evaluate(part);
                if (known is bool k && k == partNegated)
                {
                    whenTrue = null;
                    return;
                }
                if (known == null) allHold = false;
            }
            if (allHold)
            {
                whenFalse = null;
                return;
            }
            if (whenTrue != null)
            {
                foreach (var (part, partNegated) in parts) whenTrue.Known = whenTrue.Known.Learn(part, !partNegated);
            }
        }

        /// <summary>
        /// Per capture of the compiler's (the value a switch tests): the operation it holds, if it is captured
        /// in one place only.
        /// </summary>
        private Dictionary<CaptureId, IOperation?>? _captureSources;

        private IOperation? CaptureSource(IFlowCaptureReferenceOperation reference)
        {
            if (_captureSources == null)
            {
                _captureSources = new Dictionary<CaptureId, IOperation?>();
                foreach (var block in _cfg.Blocks)
                {
                    foreach (var op in block.Operations)
                    {
                        if (!(op is IFlowCaptureOperation capture)) continue;
                        _captureSources[capture.Id] = _captureSources.ContainsKey(capture.Id) ? null : Unwrap(capture.Value);
                    }
                }
            }
            return _captureSources.TryGetValue(reference.Id, out var source) ? source : null;
        }

        /// <summary>The parts of a positional pattern over a captured tuple of followed variables, each a test of one of them.</summary>
        private List<(Condition Part, bool Negated)>? TuplePatternOf(IOperation operation)
        {
            if (!(Unwrap(operation) is IIsPatternOperation { Pattern: IRecursivePatternOperation recursive } pattern)) return null;
            if (!(Unwrap(pattern.Value) is IFlowCaptureReferenceOperation reference) || !(CaptureSource(reference) is ITupleOperation tuple)) return null;
            if (recursive.DeconstructionSubpatterns.Length != tuple.Elements.Length || !recursive.PropertySubpatterns.IsEmpty) return null;
            List<(Condition, bool)>? parts = null;
            for (int i = 0; i < tuple.Elements.Length; i++)
            {
                var sub = recursive.DeconstructionSubpatterns[i];
                if (sub is IDiscardPatternOperation || sub is IDeclarationPatternOperation { MatchesNull: true }) continue;
                var variable = Variable(Unwrap(tuple.Elements[i]));
                bool negated = false;
                var part = variable == null ? null : PatternCondition(variable, sub, out negated);
                // A part that is not a test of a followed variable could fail on its own: nothing is known.
                if (part == null) return null;
                (parts ??= new List<(Condition, bool)>()).Add((part, negated));
            }
            return parts;
        }

        /// <summary>The test a branch condition makes of one followed variable, if it is one.</summary>
        private Condition? ConditionOf(IOperation operation, out bool negated)
        {
            negated = false;
            operation = Unwrap(operation);
            while (operation is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                negated = !negated;
                operation = Unwrap(not.Operand);
            }
            switch (operation)
            {
                case IBinaryOperation binary when Predicate.IsComparison(binary.OperatorKind):
                {
                    var left = Unwrap(binary.LeftOperand);
                    var right = Unwrap(binary.RightOperand);
                    var op = binary.OperatorKind;
                    if (Variable(left) == null)
                    {
                        (left, right) = (right, left);
                        op = Predicate.Mirror(op);
                    }
                    var variable = Variable(left);
                    if (variable == null || !right.ConstantValue.HasValue) return null;
                    if (op != BinaryOperatorKind.Equals && op != BinaryOperatorKind.NotEquals)
                    {
                        return IntegerConstant(right) is long bound ? new Condition(variable, ConditionKind.Compare, op, bound) : null;
                    }
                    if (op == BinaryOperatorKind.NotEquals) negated = !negated;
                    return EqualsConstant(variable, right, ref negated);
                }
                case IIsPatternOperation pattern:
                {
                    var variable = Variable(Unwrap(pattern.Value));
                    if (variable == null) return null;
                    var condition = PatternCondition(variable, pattern.Pattern, out bool inner);
                    if (inner) negated = !negated;
                    return condition;
                }
                case IPropertyReferenceOperation { Property: { Name: "HasValue" }, Instance: IOperation instance } hasValue
                    when hasValue.Property.ContainingType?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                {
                    // `x.HasValue` is `x != null`.
                    var variable = Variable(Unwrap(instance));
                    if (variable == null) return null;
                    negated = !negated;
                    return new Condition(variable, ConditionKind.IsNull);
                }
                default:
                {
                    if (operation.Type?.SpecialType != SpecialType.System_Boolean) return null;
                    var variable = Variable(operation);
                    return variable == null ? null : new Condition(variable, ConditionKind.IsTrue);
                }
            }
        }

        /// <summary>`variable == constant` (a null, bool or integer constant) as a test; <paramref name="negated"/> flips for `== false`.</summary>
        private static Condition? EqualsConstant(ISymbol variable, IOperation constant, ref bool negated)
        {
            var value = constant.ConstantValue.Value;
            if (value == null) return new Condition(variable, ConditionKind.IsNull);
            if (value is bool b)
            {
                if (!b) negated = !negated;
                return new Condition(variable, ConditionKind.IsTrue);
            }
            return IntegerConstant(constant) is long c ? new Condition(variable, ConditionKind.Compare, BinaryOperatorKind.Equals, c) : null;
        }

        /// <summary>A pattern as a test of one followed variable: a constant (null, a bool, an integer), a relation, or their negation.</summary>
        private static Condition? PatternCondition(ISymbol variable, IPatternOperation pattern, out bool negated)
        {
            negated = false;
            var p = pattern;
            while (p is INegatedPatternOperation n)
            {
                negated = !negated;
                p = n.Pattern;
            }
            switch (p)
            {
                case IConstantPatternOperation constant when constant.Value.ConstantValue.HasValue:
                    return EqualsConstant(variable, constant.Value, ref negated);
                case IRelationalPatternOperation relational when Predicate.IsComparison(relational.OperatorKind):
                    return IntegerConstant(relational.Value) is long bound ? new Condition(variable, ConditionKind.Compare, relational.OperatorKind, bound) : null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The variable an operation reads, when its value can be followed between two tests: a local of this
        /// body, a by-value parameter of this method, or a field of this object or a static one, of a bool,
        /// integer, enum or nullable type, never written from a nested function nor aliased by <c>ref</c>.
        /// </summary>
        private ISymbol? Variable(IOperation operation)
        {
            ISymbol symbol;
            ITypeSymbol type;
            switch (operation)
            {
                case ILocalReferenceOperation local:
                {
                    if (local.Local.IsRef || !DeclaredHere(local.Local)) return null;
                    symbol = local.Local;
                    type = local.Local.Type;
                    break;
                }
                case IParameterReferenceOperation parameter:
                {
                    if (parameter.Parameter.RefKind != RefKind.None || _method == null
                        || !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, _method)) return null;
                    symbol = parameter.Parameter;
                    type = parameter.Parameter.Type;
                    break;
                }
                case IFieldReferenceOperation field:
                {
                    if (field.Field.IsVolatile || field.Field.IsConst) return null;
                    if (field.Instance != null && !(Unwrap(field.Instance) is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })) return null;
                    symbol = field.Field;
                    type = field.Field.Type;
                    break;
                }
                case IFlowCaptureReferenceOperation capture:
                    // The value a switch tests, captured from a variable.
                    var source = CaptureSource(capture);
                    return source == null || source is IFlowCaptureReferenceOperation ? null : Variable(source);
                default:
                    return null;
            }
            if (!Followable(type)) return null;
            ScanNames();
            if (_aliased!.Contains(symbol.Name) || !_correlated!.Contains(symbol.Name)) return null;
            return symbol;
        }

        private static bool Followable(ITypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Enum || type.IsReferenceType) return true;
            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_IntPtr:
                    return true;
            }
            return type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
        }

        private bool DeclaredHere(ILocalSymbol local)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == _root.SyntaxTree && _root.Span.Contains(reference.Span)) return true;
            }
            return false;
        }

        /// <summary>
        /// One look at the body's syntax for the names worth following. A name is followed only where a fact
        /// about it can be of use: it is tested in two conditions, or tested once and assigned somewhere.
        /// It is never followed when the body writes it from a lambda or local function or aliases it
        /// (<c>ref x</c>, <c>&amp;x</c>): such a variable may change at any call.
        /// </summary>
        private void ScanNames()
        {
            if (_aliased != null) return;
            var aliased = new HashSet<string>();
            var assigned = new HashSet<string>();
            var tested = new Dictionary<string, int>();
            // One pass in document order: the lambdas and local functions around a node come before it, and
            // spans either nest or are apart, so the ones still open are a stack.
            var nested = new Stack<Microsoft.CodeAnalysis.Text.TextSpan>();
            var seen = new HashSet<string>();
            foreach (var node in _root.DescendantNodes())
            {
                while (nested.Count > 0 && !nested.Peek().Contains(node.Span)) nested.Pop();
                if (Inert(node.Kind())) continue;
                bool inNested = nested.Count > 0;
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax _:
                    case LocalFunctionStatementSyntax _:
                        nested.Push(node.Span);
                        break;
                    case RefExpressionSyntax r:
                        AddName(aliased, r.Expression);
                        break;
                    case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.AddressOfExpression):
                        AddName(aliased, u.Operand);
                        break;
                    case AssignmentExpressionSyntax a:
                        AddName(inNested ? aliased : assigned, a.Left);
                        break;
                    case VariableDeclaratorSyntax v when v.Initializer != null:
                        assigned.Add(v.Identifier.ValueText);
                        break;
                    case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PreIncrementExpression) || u.IsKind(SyntaxKind.PreDecrementExpression):
                        AddName(inNested ? aliased : assigned, u.Operand);
                        break;
                    case PostfixUnaryExpressionSyntax u:
                        AddName(inNested ? aliased : assigned, u.Operand);
                        break;
                    case ArgumentSyntax arg when !arg.RefKindKeyword.IsKind(SyntaxKind.None) && !arg.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                        AddName(inNested ? aliased : assigned, arg.Expression);
                        break;
                    case SyntaxNode statement when StatementCondition(statement) is ExpressionSyntax condition:
                        CountTested(tested, condition, seen);
                        break;
                    case BinaryExpressionSyntax b when (b.IsKind(SyntaxKind.LogicalAndExpression) || b.IsKind(SyntaxKind.LogicalOrExpression))
                                                      && !(b.Parent is BinaryExpressionSyntax p && (p.IsKind(SyntaxKind.LogicalAndExpression) || p.IsKind(SyntaxKind.LogicalOrExpression)))
                                                      && !IsConditionOfStatement(b):
                        CountTested(tested, b, seen);
                        break;
                }
            }
            var correlated = new HashSet<string>();
            foreach (var kv in tested)
            {
                if (kv.Value >= 2 || assigned.Contains(kv.Key)) correlated.Add(kv.Key);
            }
            _correlated = correlated;
            _aliased = aliased;
        }

        private static bool IsConditionOfStatement(ExpressionSyntax expression)
        {
            var e = expression;
            while (e.Parent is ParenthesizedExpressionSyntax p) e = p;
            return e.Parent != null && StatementCondition(e.Parent) == e;
        }

        /// <summary>The condition a statement or expression branches on (if, while, do, for, ?:), or the value a switch tests.</summary>
        private static ExpressionSyntax? StatementCondition(SyntaxNode node) => node switch
        {
            IfStatementSyntax i => i.Condition,
            WhileStatementSyntax w => w.Condition,
            DoStatementSyntax d => d.Condition,
            ForStatementSyntax f => f.Condition,
            ConditionalExpressionSyntax c => c.Condition,
            SwitchExpressionSyntax sw => sw.GoverningExpression,
            SwitchStatementSyntax sw => sw.Expression,
            _ => null,
        };

        /// <summary>
        /// The commonest kinds of node, none of which the name scan looks at (it looks at writes, aliases,
        /// conditions, and lambdas and local functions): told apart by kind, cheaper than by type.
        /// </summary>
        private static bool Inert(SyntaxKind kind)
        {
            switch (kind)
            {
                case SyntaxKind.IdentifierName:
                case SyntaxKind.SimpleMemberAccessExpression:
                case SyntaxKind.ArgumentList:
                case SyntaxKind.InvocationExpression:
                case SyntaxKind.NumericLiteralExpression:
                case SyntaxKind.StringLiteralExpression:
                case SyntaxKind.TrueLiteralExpression:
                case SyntaxKind.FalseLiteralExpression:
                case SyntaxKind.NullLiteralExpression:
                case SyntaxKind.ThisExpression:
                case SyntaxKind.Block:
                case SyntaxKind.ExpressionStatement:
                case SyntaxKind.ReturnStatement:
                case SyntaxKind.LocalDeclarationStatement:
                case SyntaxKind.VariableDeclaration:
                case SyntaxKind.EqualsValueClause:
                case SyntaxKind.ElseClause:
                case SyntaxKind.PredefinedType:
                case SyntaxKind.GenericName:
                case SyntaxKind.TypeArgumentList:
                case SyntaxKind.QualifiedName:
                case SyntaxKind.ParenthesizedExpression:
                case SyntaxKind.CastExpression:
                case SyntaxKind.ObjectCreationExpression:
                case SyntaxKind.ElementAccessExpression:
                case SyntaxKind.BracketedArgumentList:
                case SyntaxKind.EqualsExpression:
                case SyntaxKind.NotEqualsExpression:
                case SyntaxKind.LessThanExpression:
                case SyntaxKind.LessThanOrEqualExpression:
                case SyntaxKind.GreaterThanExpression:
                case SyntaxKind.GreaterThanOrEqualExpression:
                case SyntaxKind.AddExpression:
                case SyntaxKind.SubtractExpression:
                case SyntaxKind.BitwiseOrExpression:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Each name a condition reads (once per condition).</summary>
        private static void CountTested(Dictionary<string, int> tested, ExpressionSyntax condition, HashSet<string> seen)
        {
            seen.Clear();
            foreach (var node in condition.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax)))
            {
                if (node is IdentifierNameSyntax id && seen.Add(id.Identifier.ValueText))
                {
                    tested.TryGetValue(id.Identifier.ValueText, out int n);
                    tested[id.Identifier.ValueText] = n + 1;
                }
            }
        }

        private static void AddName(HashSet<string> names, ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax p) expression = p.Expression;
            switch (expression)
            {
                case IdentifierNameSyntax id:
                    names.Add(id.Identifier.ValueText);
                    break;
                case MemberAccessExpressionSyntax member:
                    names.Add(member.Name.Identifier.ValueText);
                    break;
                case DeclarationExpressionSyntax _:
                    break;
                case TupleExpressionSyntax tuple:
                    foreach (var a in tuple.Arguments) AddName(names, a.Expression);
                    break;
            }
        }

        /// <summary>What an operation does to the variables whose values are known: assignments, writes, calls.</summary>
        private void UpdateKnown(IOperation operation, FlowState state)
        {
            // A run without correlation knows nothing at any point; nor does a body with no name worth following.
            if (_entries == 1) return;
            ScanNames();
            if (_correlated!.Count == 0) return;
            UpdateKnownCore(operation, state);
        }

        private void UpdateKnownCore(IOperation operation, FlowState state)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment:
                {
                    UpdateKnownCore(assignment.Value, state);
                    var target = Unwrap(assignment.Target);
                    UpdateChildren(target, state);
                    var variable = assignment.IsRef ? null : Variable(target);
                    if (variable != null) state.Known = state.Known.Assign(variable, FactOf(assignment.Value, state));
                    else Written(target, state);
                    return;
                }
                case ICompoundAssignmentOperation _:
                case ICoalesceAssignmentOperation _:
                case IIncrementOrDecrementOperation _:
                case IDeconstructionAssignmentOperation _:
                {
                    UpdateChildren(operation, state);
                    var target = operation switch
                    {
                        ICompoundAssignmentOperation c => c.Target,
                        ICoalesceAssignmentOperation c => c.Target,
                        IIncrementOrDecrementOperation i => i.Target,
                        _ => ((IDeconstructionAssignmentOperation)operation).Target,
                    };
                    WrittenAll(target, state);
                    return;
                }
                case IArgumentOperation argument:
                {
                    UpdateChildren(argument, state);
                    if (argument.Parameter != null && (argument.Parameter.RefKind == RefKind.Ref || argument.Parameter.RefKind == RefKind.Out)) WrittenAll(argument.Value, state);
                    return;
                }
                case IInvocationOperation invocation:
                    UpdateChildren(invocation, state);
                    CallMayWrite(invocation.TargetMethod, state);
                    return;
                case IObjectCreationOperation creation:
                    UpdateChildren(creation, state);
                    CallMayWrite(creation.Constructor, state);
                    return;
                case IDeclarationPatternOperation { DeclaredSymbol: ISymbol declared }:
                    // `x is T t`: the match writes t.
                    state.Known = state.Known.Forget(declared);
                    return;
                case IRecursivePatternOperation { DeclaredSymbol: ISymbol declared } recursive:
                    UpdateChildren(recursive, state);
                    state.Known = state.Known.Forget(declared);
                    return;
                case IAddressOfOperation address:
                    UpdateChildren(address, state);
                    WrittenAll(address.Reference, state);
                    return;
                default:
                    UpdateChildren(operation, state);
                    return;
            }
        }

        private void UpdateChildren(IOperation operation, FlowState state)
        {
            foreach (var child in operation.ChildOperations) UpdateKnownCore(child, state);
        }

        /// <summary>A write of something unknown to every variable the operation names (a tuple's too).</summary>
        private void WrittenAll(IOperation target, FlowState state)
        {
            if (state.Known.IsEmpty) return;
            Written(Unwrap(target), state);
            foreach (var part in target.Descendants()) Written(Unwrap(part), state);
        }

        private void Written(IOperation target, FlowState state)
        {
            if (state.Known.IsEmpty) return;
            switch (target)
            {
                case ILocalReferenceOperation local:
                    state.Known = state.Known.Forget(local.Local);
                    break;
                case IParameterReferenceOperation parameter:
                    state.Known = state.Known.Forget(parameter.Parameter);
                    break;
                case IFieldReferenceOperation field:
                    state.Known = state.Known.Forget(field.Field);
                    break;
                case IPropertyReferenceOperation property:
                    CallMayWrite(property.Property.SetMethod, state);
                    break;
            }
        }

        /// <summary>
        /// A call of this compilation's code (or of a delegate) may write fields: those it can reach. A private
        /// field is written only by the code of its own type, and a member of that type writes it only if its
        /// code names it or calls another member of the type (<see cref="Model.FieldOwnership.MayTouch"/>); a
        /// non-private field may be written by any method of the compilation. Code from other assemblies does
        /// not write this compilation's fields.
        /// </summary>
        private void CallMayWrite(IMethodSymbol? method, FlowState state)
        {
            if (state.Known.IsEmpty) return;
            bool delegateCall = method == null || method.MethodKind == MethodKind.DelegateInvoke;
            if (!delegateCall && !InSource(method!)) return;
            state.Known = state.Known.ForgetWhere(variable =>
            {
                if (!(variable is IFieldSymbol field)) return false;
                if (delegateCall || field.DeclaredAccessibility != Accessibility.Private) return true;
                return Related(method!.ContainingType, field.ContainingType) && _table.Fields.MayTouch(method!, field.Name);
            });
        }

        private static bool InSource(IMethodSymbol method)
        {
            foreach (var location in method.Locations)
            {
                if (location.IsInSource) return true;
            }
            return false;
        }

        private static bool Related(INamedTypeSymbol? a, INamedTypeSymbol? b)
        {
            if (a == null || b == null) return true;
            for (var t = a; t != null; t = t.ContainingType)
            {
                for (var u = b; u != null; u = u.ContainingType)
                {
                    if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, u.OriginalDefinition)) return true;
                }
            }
            return false;
        }

        /// <summary>What a variable holds after it is assigned this value, when that is known.</summary>
        private Fact? FactOf(IOperation value, FlowState state)
        {
            var unwrapped = Unwrap(value);
            if (value.ConstantValue.HasValue || unwrapped.ConstantValue.HasValue)
            {
                var constant = value.ConstantValue.HasValue ? value.ConstantValue.Value : unwrapped.ConstantValue.Value;
                if (constant == null) return Fact.Exact(null);
                if (constant is bool b) return Fact.Exact(b);
                if (constant is string) return Fact.NonNull;
                var integer = IntegerConstant(value.ConstantValue.HasValue ? value : unwrapped);
                return integer.HasValue ? Fact.Exact(integer.Value) : null;
            }
            if (value is IConversionOperation { Operand: { Type: { IsValueType: true } operand } } lifted
                && lifted.Type?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && operand.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
            {
                // `int? fd = opened;`: a value, not null.
                return Fact.NonNull;
            }
            switch (unwrapped)
            {
                case IObjectCreationOperation _:
                case IArrayCreationOperation _:
                case IAnonymousObjectCreationOperation _:
                case ITypeParameterObjectCreationOperation _:
                case IDelegateCreationOperation _:
                case IFlowAnonymousFunctionOperation _:
                    return Fact.NonNull;
            }
            var source = Variable(unwrapped);
            return source == null ? null : state.Known.Fact(source);
        }
    }
}
