using System.Linq;
using System.Collections.Immutable;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>Turns a method's own flow result into the effect its callers see.</summary>
    public static class MethodSummary
    {
        public static FdEffect? ToEffect(IMethodSymbol method, FlowResult result)
        {
            if (!result.Completed) return null;
            var roles = ImmutableDictionary<int, ArgumentRole>.Empty;
            var closesWhen = ImmutableDictionary<int, bool>.Empty;
            foreach (var kv in result.ParameterExitStates)
            {
                var role = RoleOf(kv.Value);
                if (role == ArgumentRole.Escape && method.ReturnType.SpecialType == SpecialType.System_Boolean && ClosesOnOneResult(result, kv.Key) is bool on)
                {
                    // Closed on every `return on;` and on no other return: the caller's test of the result decides.
                    closesWhen = closesWhen.Add(kv.Key, on);
                    role = ArgumentRole.Use;
                }
                if (role != null) roles = roles.Add(kv.Key, role.Value);
            }
            foreach (var p in result.DescriptorParameters)
            {
                // A parameter used as a descriptor but left open on every exit is borrowed.
                if (p is IParameterSymbol parameter && !roles.ContainsKey(parameter.Ordinal) && parameter.RefKind == RefKind.None)
                {
                    roles = roles.Add(parameter.Ordinal, ArgumentRole.Use);
                }
            }
            // A role is evidence for the caller only where this method's own code treats the parameter as a
            // descriptor; one it merely stores, forwards or captures says nothing about what the caller passes.
            var withoutEvidence = ImmutableHashSet<int>.Empty;
            foreach (var ordinal in roles.Keys)
            {
                bool evidence = false;
                foreach (var p in result.DescriptorParameters)
                {
                    if (p is IParameterSymbol parameter && parameter.Ordinal == ordinal
                        && (SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method) || SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method.OriginalDefinition))) evidence = true;
                }
                if (!evidence) withoutEvidence = withoutEvidence.Add(ordinal);
            }
            var effect = new FdEffect { Name = method.Name, Arguments = roles, WithoutEvidence = withoutEvidence, ClosesWhenReturns = closesWhen, ClosesElements = result.ClosedElements, ResetsRef = result.ResetRefs, Fields = result.FieldActions, MayChangeAnyField = result.FieldsMayChange };
            var handedOut = result.OutExitStates.Where(kv => kv.Value.Has(FdState.Open | FdState.Unchecked)).Select(kv => kv.Key).OrderBy(o => o).Take(2).ToImmutableArray();
            if (!handedOut.IsEmpty && !result.ReturnsAcquired)
            {
                // `bool TryOpen(string path, out int fd)`: the out parameter receives the descriptor, the result
                // (a bool, or 0 / -1) says whether it did.
                var special = method.ReturnType.SpecialType;
                bool status = special == SpecialType.System_Boolean || special == SpecialType.System_Int32 || special == SpecialType.System_Int64;
                effect.Acquire = AcquireShape.OutArguments;
                effect.OutOrdinals = handedOut;
                effect.MayFail = status && handedOut.Any(o => result.OutExitStates[o].Has(FdState.Unchecked | FdState.Invalid));
            }
            if (result.ReturnsAcquired && !result.ReturnsParameter)
            {
                effect.Acquire = AcquireShape.ReturnValue;
                effect.IsOwnerObject = !OwnershipTable.IsRawFdType(method.ReturnType);
                effect.MayFail = !effect.IsOwnerObject && result.ReturnedState.Has(FdState.Unchecked | FdState.Invalid);
            }
            return effect.HasDescriptorEffect ? effect : FdEffect.None;
        }

        private static bool? ClosesOnOneResult(FlowResult result, int ordinal)
        {
            result.ExitWhenTrue.TryGetValue(ordinal, out var whenTrue);
            result.ExitWhenFalse.TryGetValue(ordinal, out var whenFalse);
            whenTrue &= ~FdState.Invalid;
            whenFalse &= ~FdState.Invalid;
            // Every exit returned a constant: the two sides together are what the method does.
            result.ParameterExitStates.TryGetValue(ordinal, out var all);
            if ((whenTrue | whenFalse) != (all & ~FdState.Invalid)) return null;
            if (whenFalse == FdState.Closed && whenTrue != FdState.None && !whenTrue.Has(FdState.Closed | FdState.Escaped | FdState.Transferred)) return false;
            if (whenTrue == FdState.Closed && whenFalse != FdState.None && !whenFalse.Has(FdState.Closed | FdState.Escaped | FdState.Transferred)) return true;
            return null;
        }

        private static ArgumentRole? RoleOf(FdState atExits)
        {
            // Paths on which the argument failed a validity check (`if (fd >= 0) close(fd);`) own nothing:
            // closed on every path where it is a descriptor is a close.
            if ((atExits & ~FdState.Invalid) == FdState.Closed) return ArgumentRole.Close;
            atExits &= ~FdState.Invalid;
            if (atExits.Has(FdState.Escaped) || atExits.Has(FdState.Transferred)) return ArgumentRole.Escape;
            if (atExits.Has(FdState.Closed)) return ArgumentRole.Escape; // closed on some paths only: the caller can no longer rely on it either way
            return null;
        }
    }
}
