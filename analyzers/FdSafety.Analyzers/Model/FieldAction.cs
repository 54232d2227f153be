using System;

namespace FdSafety.Analyzers.Model
{
    /// <summary>
    /// What a method of a type does, as seen by its caller, to a descriptor field of its own object (or a
    /// static field of its type): the summary fact "closes field F", "uses field F", "changes field F".
    /// </summary>
    [Flags]
    public enum FieldAction : byte
    {
        None = 0,
        /// <summary>Passes the descriptor the field held on entry to a call that uses it.</summary>
        Uses = 1,
        /// <summary>Closes the descriptor the field held on entry, on every path that returns.</summary>
        Closes = 2,
        /// <summary>Closes it on some path only (behind a check the caller cannot see).</summary>
        MayClose = 4,
        /// <summary>Leaves something else in the field on some path (a new descriptor, -1, an unknown number).</summary>
        Reassigns = 8,
    }
}
