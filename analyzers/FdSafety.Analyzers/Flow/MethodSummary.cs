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
            var effect = new FdEffect { Name = method.Name, Arguments = roles };
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
