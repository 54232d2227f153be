using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace FdSafety.Analyzers.Flow
{
    public enum FdEventKind
    {
        /// <summary>A close of a value that may already be closed.</summary>
        DoubleClose,
        /// <summary>A use of a value that may be closed.</summary>
        UseAfterClose,
        /// <summary>A value that reaches an exit while it may still be owned and open.</summary>
        Leak,
        /// <summary>A use of a value that may be -1 (never checked, or on the failure branch).</summary>
        UncheckedUse,
        /// <summary>A close of a value this code does not own.</summary>
        CloseNotOwned,
        /// <summary>A read of a write-only value or a write of a read-only one.</summary>
        AccessMismatch,
    }

    /// <summary>One finding of the flow analysis. Rules turn events of their kind into diagnostics.</summary>
    public sealed class FdEvent
    {
        public FdEvent(FdEventKind kind, TrackedValue? value, Location location, string subject, bool onEveryPath, string? detail, ImmutableArray<Location> exits)
        {
            Kind = kind;
            Value = value;
            Location = location;
            Subject = subject;
            OnEveryPath = onEveryPath;
            Detail = detail;
            Exits = exits;
        }

        public FdEventKind Kind { get; }

        /// <summary>The tracked value; null for untracked constants (closing 0/1/2).</summary>
        public TrackedValue? Value { get; }

        /// <summary>Where to report: the use or close, or the acquisition for a leak.</summary>
        public Location Location { get; }

        /// <summary>How the descriptor reads in source at the event (its variable, or the argument text).</summary>
        public string Subject { get; }

        /// <summary>True when the condition holds on every path to this point, not just on some.</summary>
        public bool OnEveryPath { get; }

        /// <summary>Rule-specific detail: the not-owned reason, the access mode and call.</summary>
        public string? Detail { get; }

        /// <summary>For leaks, where the descriptor is lost: returns, throws, the end of the method, an overwrite.</summary>
        public ImmutableArray<Location> Exits { get; }
    }
}
