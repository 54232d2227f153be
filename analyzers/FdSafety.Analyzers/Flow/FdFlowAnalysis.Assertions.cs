using System.Linq;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// Calls that check a condition and throw when it fails: test assertions (xunit, NUnit, MSTest),
    /// parameters marked [DoesNotReturnIf], and check helpers that throw for a negative argument. Past such
    /// a call the path continues only where the check passed.
    /// </summary>
    public sealed partial class FdFlowAnalysis
    {
        /// <summary>The state past an asserting statement, the same state if it asserts nothing, or null if the assertion can never pass.</summary>
        private FlowState? AfterAssertion(IOperation operation, FlowState state)
        {
            var op = operation is IExpressionStatementOperation statement ? statement.Operation : operation;
            op = Unwrap(op);
            if (!(op is IInvocationOperation invocation)) return state;
            var method = invocation.TargetMethod;

            // [DoesNotReturnIf(false)] bool condition (Debug.Assert, newer xunit Assert.True, our own helpers).
            foreach (var argument in invocation.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter == null || parameter.Type.SpecialType != SpecialType.System_Boolean) continue;
                foreach (var attribute in parameter.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name != "DoesNotReturnIfAttribute" || attribute.ConstructorArguments.Length != 1) continue;
                    if (!(attribute.ConstructorArguments[0].Value is bool throwsWhen)) continue;
                    var (whenTrue, whenFalse) = Refine(argument.Value, state);
                    return throwsWhen ? whenFalse : whenTrue;
                }
            }

            var type = method.ContainingType;
            if (type == null || (type.Name != "Assert" && type.Name != "ClassicAssert") || !ThrowHelpers.IsTestFramework(type.ContainingNamespace?.ToDisplayString() ?? "")) return state;
            var args = invocation.Arguments.Where(a => a.Parameter != null).OrderBy(a => a.Parameter!.Ordinal).Select(a => a.Value).ToList();
            if (args.Count == 0) return state;
            switch (method.Name)
            {
                case "True":
                case "IsTrue":
                    return Refine(args[0], state).WhenTrue;
                case "False":
                case "IsFalse":
                    return Refine(args[0], state).WhenFalse;
                case "Equal":
                case "AreEqual":
                    return args.Count >= 2 ? Compared(args[0], args[1], BinaryOperatorKind.Equals, state) : state;
                case "NotEqual":
                case "AreNotEqual":
                    return args.Count >= 2 ? Compared(args[0], args[1], BinaryOperatorKind.NotEquals, state) : state;
                case "Greater":
                    return args.Count >= 2 ? Compared(args[1], args[0], BinaryOperatorKind.GreaterThan, state) : state;
                case "GreaterOrEqual":
                    return args.Count >= 2 ? Compared(args[1], args[0], BinaryOperatorKind.GreaterThanOrEqual, state) : state;
                case "Positive":
                    return Compared(null, args[0], BinaryOperatorKind.GreaterThan, state);
                case "InRange":
                    return args.Count >= 2 ? Compared(args[1], args[0], BinaryOperatorKind.GreaterThanOrEqual, state) : state;
            }
            return state;
        }

        /// <summary>Continues where `actual op expected` holds (a null expected is 0), for an integer constant on one side and a followed slot on the other.</summary>
        private FlowState? Compared(IOperation? expected, IOperation actual, BinaryOperatorKind op, FlowState state)
        {
            long? constant = expected == null ? 0 : IntegerConstant(expected);
            var slot = SlotOf(actual);
            if (constant == null)
            {
                // Either way round: Assert.Equal(fd, -1) reads the same for equality.
                if (op != BinaryOperatorKind.Equals && op != BinaryOperatorKind.NotEquals) return state;
                constant = IntegerConstant(actual);
                slot = expected == null ? null : SlotOf(expected);
            }
            if (constant == null || slot == null) return state;
            return ApplyPredicate(state.Clone(), new Predicate(slot, op, constant.Value, false), true);
        }

        /// <summary>A check helper's arguments are not -1 once it returns.</summary>
        private void ApplyGuard(GuardEffect guard, System.Collections.Generic.Dictionary<int, ValueSet> arguments, FlowState state)
        {
            foreach (var ordinal in guard.CheckedArguments)
            {
                if (!arguments.TryGetValue(ordinal, out var values)) continue;
                foreach (var id in values.Tracked)
                {
                    if (_values[id].Kind == ValueKind.Status)
                    {
                        // The status of pipe(out r, out w) checked: both ends are good past the call.
                        RefineStatus(state, _values[id], new Predicate(Slot.Of(_values[id].Origin!), Microsoft.CodeAnalysis.Operations.BinaryOperatorKind.NotEquals, -1, false), true);
                        continue;
                    }
                    var before = state[id];
                    if (!before.Has(FdState.Unchecked | FdState.Invalid)) continue;
                    var after = (before & FdStateExtensions.ValidBits) | (before.Has(FdState.Unchecked) ? FdState.Open : FdState.None);
                    state[id] = after == FdState.None ? FdState.Open : after;
                }
            }
        }
    }
}
