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
            foreach (var kv in result.ParameterExitStates)
            {
                var role = RoleOf(kv.Value);
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
            var effect = new FdEffect { Name = method.Name, Arguments = roles, WithoutEvidence = withoutEvidence };
            if (result.ReturnsAcquired && !result.ReturnsParameter)
            {
                effect.Acquire = AcquireShape.ReturnValue;
                effect.IsOwnerObject = !OwnershipTable.IsRawFdType(method.ReturnType);
                effect.MayFail = !effect.IsOwnerObject && result.ReturnedState.Has(FdState.Unchecked | FdState.Invalid);
            }
            return effect.HasDescriptorEffect ? effect : FdEffect.None;
        }

        private static ArgumentRole? RoleOf(FdState atExits)
        {
            if (atExits == FdState.Closed) return ArgumentRole.Close;
            if (atExits.Has(FdState.Escaped) || atExits.Has(FdState.Transferred)) return ArgumentRole.Escape;
            if (atExits.Has(FdState.Closed)) return ArgumentRole.Escape; // closed on some paths only: the caller can no longer rely on it either way
            return null;
        }
    }
}
