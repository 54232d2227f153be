using System.Collections.Generic;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>Access modes: what a descriptor was opened for, and reads or writes against it.</summary>
    public sealed partial class FdFlowAnalysis
    {
        private const int AccessModeMask = 3;

        private AccessMode ModeOf(IInvocationOperation invocation, FdEffect effect, int element)
        {
            if (effect.PipeEnds) return element == 0 ? AccessMode.ReadOnly : AccessMode.WriteOnly;
            if (effect.Mode != AccessMode.Unknown) return effect.Mode;
            if (effect.Acquire == AcquireShape.None) return AccessMode.Unknown;
            var name = effect.Name;
            if (name == "creat" || name == "creat64") return AccessMode.WriteOnly;
            foreach (var argument in invocation.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter == null) continue;
                bool isFlags = parameter.Type.Name == "OpenFlags" || parameter.Name == "flags" || parameter.Name == "oflag";
                if (!isFlags || !IsOpenLike(name)) continue;
                var constant = OwnershipTable.ArgumentConstant(invocation, parameter.Ordinal, _table.Compilation);
                if (constant is long flags)
                {
                    switch (flags & AccessModeMask)
                    {
                        case 0: return AccessMode.ReadOnly;
                        case 1: return AccessMode.WriteOnly;
                        case 2: return AccessMode.ReadWrite;
                    }
                }
                return AccessMode.Unknown;
            }
            return AccessMode.Unknown;
        }

        private static bool IsOpenLike(string name) =>
            name == "open" || name == "open64" || name == "openat" || name == "openat64" || name == "Fd.Open" || name == "Fd.OpenAt";

        /// <summary>dup and TryClone keep the access mode of what they duplicate.</summary>
        private void InheritMode(FdEffect effect, Dictionary<int, ValueSet> arguments, ValueSet receiver, ValueSet result)
        {
            if (result.IsEmpty) return;
            // The same open file description (dup, TryClone) or the same number (IntoRawFd, AsRawFd, FromRawFd) keeps its mode.
            ValueSet source;
            switch (effect.Name)
            {
                case "TryClone":
                case "IntoRawFd":
                case "AsRawFd":
                case "AsFd":
                    source = receiver;
                    break;
                case "dup":
                case "Fd.Dup":
                case "fcntl":
                case "OwnedFd.FromRawFd":
                case "BorrowedFd.BorrowRaw":
                    if (!arguments.TryGetValue(0, out source)) return;
                    break;
                default:
                    return;
            }
            var mode = AccessMode.Unknown;
            bool first = true;
            foreach (var id in source.Items)
            {
                var m = ValueSet.IsTracked(id) ? _values[id].Mode : AccessMode.Unknown;
                if (first) { mode = m; first = false; }
                else if (m != mode) mode = AccessMode.Unknown;
            }
            foreach (var id in result.Tracked) _values[id].Mode = mode;
        }

        private void CheckAccess(FdEffect effect, Dictionary<int, ValueSet> arguments, FlowState state, IInvocationOperation invocation)
        {
            Check(effect.ReadsArgument, AccessMode.WriteOnly, "read");
            Check(effect.WritesArgument, AccessMode.ReadOnly, "write");

            void Check(int index, AccessMode forbidden, string action)
            {
                if (index < 0 || !arguments.TryGetValue(index, out var values)) return;
                foreach (var id in values.Tracked)
                {
                    var value = _values[id];
                    if (value.Mode != forbidden) continue;
                    if (state[id] == FdState.Closed) continue; // closed on every path: FDS0002 says it
                    string what = value.Element <= 1 && value.Origin is IInvocationOperation origin && IsPipeOrigin(origin)
                        ? (forbidden == AccessMode.ReadOnly ? "the read end of a pipe" : "the write end of a pipe")
                        : (forbidden == AccessMode.ReadOnly ? "opened read-only" : "opened write-only");
                    AddEvent(FdEventKind.AccessMismatch, value, invocation.Syntax.GetLocation(), value.DisplayName, true, what + "|" + action);
                }
            }
        }

        private bool IsPipeOrigin(IInvocationOperation origin) => _table.Classify(origin).PipeEnds;
    }
}
