using System;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// What may be true of one tracked descriptor at a program point. A may-set: a bit is on when the
    /// state holds on at least one path, so "closed on some path" is <c>Has(Closed)</c> and "closed on
    /// every path" is <c>== Closed</c>. The lattice is finite (eight bits), so loops reach a fixed point.
    /// </summary>
    [Flags]
    public enum FdState : byte
    {
        None = 0,
        /// <summary>Acquired and not yet checked: -1 on failure, an owned descriptor on success.</summary>
        Unchecked = 1,
        /// <summary>Owned and known valid.</summary>
        Open = 2,
        /// <summary>The failure value (-1): owns nothing.</summary>
        Invalid = 4,
        Closed = 8,
        /// <summary>Handed on: returned, stored, captured. No longer this method's to close.</summary>
        Escaped = 16,
        /// <summary>Owned by a new owner (UnixStream(fd, true), OwnedFd.FromRawFd); still usable, not ours to close.</summary>
        Transferred = 32,
        /// <summary>A parameter's descriptor: not ours to leak, but may be closed or used.</summary>
        Unknown = 64,
        /// <summary>Lent to this code (stdin, AsRawFd, BorrowedFd, DangerousGetHandle): never ours to close.</summary>
        NotOwned = 128,
    }

    internal static class FdStateExtensions
    {
        /// <summary>States in which the number is a valid descriptor (not -1).</summary>
        public const FdState ValidBits = FdState.Open | FdState.Closed | FdState.Escaped | FdState.Transferred | FdState.Unknown | FdState.NotOwned;

        public static bool Has(this FdState state, FdState bits) => (state & bits) != 0;

        /// <summary>Owned by this method and not released on at least one path.</summary>
        public static bool MayLeak(this FdState state) => state.Has(FdState.Open | FdState.Unchecked);
    }
}
