using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>Branch conditions that refine descriptor states: failure checks and null checks.</summary>
    public sealed partial class FdFlowAnalysis
    {
        /// <summary>The states on the true and on the false branch of a condition; null for a branch that cannot be taken.</summary>
        private (FlowState? WhenTrue, FlowState? WhenFalse) Refine(IOperation condition, FlowState state)
        {
            if (condition.ConstantValue.HasValue && condition.ConstantValue.Value is bool constant)
            {
                // while (true), if (false): the other edge is never taken.
                return constant ? (state.Clone(), (FlowState?)null) : ((FlowState?)null, state.Clone());
            }

            if (AssumedValue(condition) is bool assumed)
            {
                // The summary for calls that pass a constant to this bool parameter.
                return assumed ? (state.Clone(), (FlowState?)null) : ((FlowState?)null, state.Clone());
            }

            if (Unwrap(condition) is IIsPatternOperation { Pattern: IDiscardPatternOperation or IDeclarationPatternOperation { MatchesNull: true } })
            {
                // A switch arm '_ =>' or 'var x =>' matches every value: its other edge is never taken.
                return (state.Clone(), null);
            }

            var predicate = TryGetPredicate(condition, state);
            if (predicate != null)
            {
                return (ApplyPredicate(state.Clone(), predicate, true), ApplyPredicate(state.Clone(), predicate, false));
            }

            var nullCheck = TryGetNullCheck(condition, out bool nullWhenTrue);
            if (nullCheck != null && IsNeverNull(state.Get(nullCheck)))
            {
                // An owner object from an acquiring call is never null: the null branch is dead.
                return nullWhenTrue ? ((FlowState?)null, state.Clone()) : (state.Clone(), null);
            }
            return (state.Clone(), state.Clone());
        }

        private bool? AssumedValue(IOperation condition)
        {
            if (_assumed == null) return null;
            condition = Unwrap(condition);
            if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not) return !AssumedValue(not.Operand);
            if (condition is IParameterReferenceOperation reference && reference.Parameter.Ordinal == _assumed.Value.Ordinal
                && SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, _method)) return _assumed.Value.Value;
            return null;
        }

        private bool IsNeverNull(ValueSet values)
        {
            if (values.IsEmpty) return false;
            foreach (var id in values.Items)
            {
                if (!ValueSet.IsTracked(id) || _values[id].Kind != ValueKind.Owner) return false;
            }
            return true;
        }

        private static Slot? TryGetNullCheck(IOperation condition, out bool nullWhenTrue)
        {
            nullWhenTrue = true;
            condition = Unwrap(condition);
            switch (condition)
            {
                case IIsNullOperation isNull:
                    return SlotOf(isNull.Operand);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                {
                    var slot = TryGetNullCheck(not.Operand, out var inner);
                    nullWhenTrue = !inner;
                    return slot;
                }
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Equals || binary.OperatorKind == BinaryOperatorKind.NotEquals:
                {
                    IOperation? other = IsNullLiteral(binary.RightOperand) ? binary.LeftOperand : IsNullLiteral(binary.LeftOperand) ? binary.RightOperand : null;
                    if (other == null) return null;
                    nullWhenTrue = binary.OperatorKind == BinaryOperatorKind.Equals;
                    return SlotOf(other);
                }
                case IIsPatternOperation pattern:
                {
                    var p = pattern.Pattern;
                    bool negated = false;
                    while (p is INegatedPatternOperation n) { p = n.Pattern; negated = !negated; }
                    if (p is IConstantPatternOperation constant && IsNullLiteral(constant.Value))
                    {
                        nullWhenTrue = !negated;
                        return SlotOf(pattern.Value);
                    }
                    return null;
                }
            }
            return null;
        }

        private static bool IsNullLiteral(IOperation operation)
        {
            operation = Unwrap(operation);
            return operation.ConstantValue.HasValue && operation.ConstantValue.Value == null;
        }

        /// <summary>A comparison of a slot with an integer constant, or a bool slot that holds one.</summary>
        private Predicate? TryGetPredicate(IOperation condition, FlowState state)
        {
            condition = Unwrap(condition);
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return TryGetPredicate(not.Operand, state)?.Negate();
                case IBinaryOperation binary when Predicate.IsComparison(binary.OperatorKind):
                {
                    var leftSlot = SlotOf(binary.LeftOperand);
                    var right = IntegerConstant(binary.RightOperand);
                    if (leftSlot != null && right.HasValue) return new Predicate(leftSlot, binary.OperatorKind, right.Value, false);
                    var rightSlot = SlotOf(binary.RightOperand);
                    var left = IntegerConstant(binary.LeftOperand);
                    if (rightSlot != null && left.HasValue) return new Predicate(rightSlot, Predicate.Mirror(binary.OperatorKind), left.Value, false);
                    return null;
                }
                case IIsPatternOperation pattern:
                {
                    var slot = SlotOf(pattern.Value);
                    // `open(p) is int fd and >= 0`: the test is of the value the pattern's variable now holds.
                    slot = DeclaredBy(pattern.Pattern) ?? slot;
                    return slot == null ? null : FromPattern(slot, pattern.Pattern);
                }
                default:
                {
                    var slot = SlotOf(condition);
                    if (slot == null) return null;
                    var fact = state.GetFact(slot);
                    if (fact != null) return fact;
                    // A bool status (a Try method's result) tested as it is: true means success.
                    if (condition.Type?.SpecialType == SpecialType.System_Boolean && HoldsBoolStatus(state.Get(slot)))
                    {
                        return new Predicate(slot, BinaryOperatorKind.NotEquals, 0, false);
                    }
                    return null;
                }
            }
        }

        private static Predicate? FromPattern(Slot slot, IPatternOperation pattern)
        {
            switch (pattern)
            {
                case INegatedPatternOperation negated:
                    return FromPattern(slot, negated.Pattern)?.Negate();
                case IConstantPatternOperation constant:
                {
                    var c = IntegerConstant(constant.Value);
                    return c.HasValue ? new Predicate(slot, BinaryOperatorKind.Equals, c.Value, false) : null;
                }
                case IRelationalPatternOperation relational:
                {
                    var c = IntegerConstant(relational.Value);
                    return c.HasValue && Predicate.IsComparison(relational.OperatorKind) ? new Predicate(slot, relational.OperatorKind, c.Value, false) : null;
                }
                case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both:
                {
                    // `is int fd and >= 0`: a part that every value of the tested type matches (the variable it
                    // declares is bound to the value) leaves the test to the other part.
                    if (AlwaysMatches(both.LeftPattern)) return FromPattern(slot, both.RightPattern);
                    if (AlwaysMatches(both.RightPattern)) return FromPattern(slot, both.LeftPattern);
                    return null;
                }
                default:
                    return null;
            }
        }

        /// <summary>The variable an always-matching part of an <c>and</c> pattern declares.</summary>
        private static Slot? DeclaredBy(IPatternOperation pattern)
        {
            if (!(pattern is IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both)) return null;
            foreach (var part in new[] { both.LeftPattern, both.RightPattern })
            {
                if (part is IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } && AlwaysMatches(part)) return Slot.Of(local);
                var inner = DeclaredBy(part);
                if (inner != null) return inner;
            }
            return null;
        }

        /// <summary>A declaration, type or <c>var</c> pattern of the very type of the value it tests (a non-nullable value type): it cannot fail.</summary>
        private static bool AlwaysMatches(IPatternOperation pattern)
        {
            var input = pattern.InputType;
            switch (pattern)
            {
                case IDiscardPatternOperation _:
                    return true;
                case IDeclarationPatternOperation declaration:
                    return declaration.MatchesNull || declaration.MatchedType != null && input.IsValueType && input.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
                        && SymbolEqualityComparer.Default.Equals(declaration.MatchedType, input);
                case ITypePatternOperation type:
                    return input.IsValueType && input.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T && SymbolEqualityComparer.Default.Equals(type.MatchedType, input);
                default:
                    return false;
            }
        }

        private bool HoldsBoolStatus(ValueSet values)
        {
            foreach (var id in values.Tracked)
            {
                if (_values[id].Kind == ValueKind.Status && _values[id].IsBoolStatus) return true;
            }
            return false;
        }

        private static long? IntegerConstant(IOperation operation)
        {
            if (!operation.ConstantValue.HasValue) operation = Unwrap(operation);
            if (!operation.ConstantValue.HasValue) return null;
            switch (operation.ConstantValue.Value)
            {
                case int i: return i;
                case long l: return l;
                case short s: return s;
                case sbyte b: return b;
                case uint u: return u;
                default: return null;
            }
        }

        /// <summary>A status is 0 on success and -1 on failure: a test of it settles the descriptors it reports on.</summary>
        private static void RefineStatus(FlowState state, TrackedValue status, Predicate predicate, bool outcome)
        {
            bool failure = predicate.Evaluate(status.IsBoolStatus ? 0 : -1) == outcome;
            bool success = predicate.Evaluate(status.IsBoolStatus ? 1 : 0) == outcome;
            if (failure == success || status.StatusOf == null) return;
            if (status.ClosesWhen is bool closesOn)
            {
                // success here is "returned true".
                if (success != closesOn) return;
                foreach (var id in status.StatusOf)
                {
                    if (state.IsKnown(id) && state[id].Has(FdStateExtensions.ValidBits | FdState.Unchecked)) state[id] = FdState.Closed;
                }
                return;
            }
            foreach (var id in status.StatusOf)
            {
                var before = state[id];
                if (!before.Has(FdState.Unchecked)) continue;
                state[id] = (before & ~FdState.Unchecked) | (success ? FdState.Open : FdState.Invalid);
            }
        }

        /// <summary>
        /// Keeps, on one branch, the values the slot can hold there: a failure check makes an unchecked
        /// descriptor open on the success branch and invalid (owning nothing) on the failure branch.
        /// </summary>
        private FlowState? ApplyPredicate(FlowState state, Predicate predicate, bool outcome)
        {
            var values = state.Get(predicate.Slot);
            if (values.IsEmpty) return state;
            bool failurePossible = predicate.AllowsFailure(outcome);
            bool validPossible = predicate.AllowsValid(outcome);
            bool settles = !(failurePossible && validPossible);

            var kept = values.Where(id =>
            {
                switch (id)
                {
                    case ValueSet.Other: return true;
                    case ValueSet.FailureConstant: return failurePossible;
                    case ValueSet.StdinConstant: return predicate.Evaluate(0) == outcome;
                    case ValueSet.StdoutConstant: return predicate.Evaluate(1) == outcome;
                    case ValueSet.StderrConstant: return predicate.Evaluate(2) == outcome;
                }
                if (!ValueSet.IsTracked(id)) return true;
                if (_values[id].Kind == ValueKind.Status)
                {
                    RefineStatus(state, _values[id], predicate, outcome);
                    return true;
                }
                if (!settles) return true;
                var kind = _values[id].Kind;
                if (!failurePossible && !validPossible)
                {
                    // Only 0 (or nothing) takes this branch: not a number an acquiring call returns.
                    return kind != ValueKind.Acquired;
                }
                var before = state[id];
                FdState after;
                if (!failurePossible)
                {
                    after = (before & FdStateExtensions.ValidBits) | (before.Has(FdState.Unchecked) ? FdState.Open : FdState.None);
                }
                else
                {
                    after = (before & (FdState.Invalid | FdState.Unknown | FdState.NotOwned)) | (before.Has(FdState.Unchecked) ? FdState.Invalid : FdState.None);
                    // A parameter that fails the check is no descriptor on this path: what the method does
                    // here (nothing, or an early return) is not what it does to a valid argument.
                    if (kind == ValueKind.Parameter && after.Has(FdState.Unknown)) after = (after & ~FdState.Unknown) | FdState.Invalid;
                }
                if (after == FdState.None) return false;
                state[id] = after;
                return true;
            });
            if (kept.IsEmpty) return null;
            if (!kept.Equals(values))
            {
                state.Set(predicate.Slot, kept);
                foreach (var id in values.Tracked)
                {
                    // The slot cannot hold this value on this branch; if no variable holds it either, the
                    // path never made it (`int fd = dash ? 0 : open(p); ... if (fd != 0) close(fd);`).
                    if (kept.Contains(id) || _values[id].Kind == ValueKind.Parameter || _values[id].Kind == ValueKind.Field || state.IsHeldByVariable(id)) continue;
                    state.Release(id);
                }
            }
            return state;
        }
    }
}
