using System;

namespace FdSafety;

/// <summary>
/// Marks a method (or its return value, or an <c>out</c> parameter) that hands the caller a newly
/// acquired raw descriptor. The caller owns it and must close it or pass ownership on, for example
/// with <see cref="OwnedFd.FromRawFd(int)"/>.
/// </summary>
/// <remarks>
/// The FdSafety analyzer matches this attribute by name in any namespace, so a project may declare its
/// own copy instead of referencing this one.
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class AcquiresFdAttribute : Attribute
{
}

/// <summary>
/// Marks a raw descriptor parameter whose ownership moves to the callee: the callee closes it or keeps it
/// (for example in an <see cref="OwnedFd"/>). After the call the caller must neither use nor close it.
/// On a method, it says the method releases the descriptor it is called on.
/// </summary>
/// <remarks>Matched by name by the FdSafety analyzer, in any namespace.</remarks>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Method, Inherited = false)]
public sealed class ReleasesFdAttribute : Attribute
{
}

/// <summary>
/// Marks a raw descriptor parameter that the callee only uses for the duration of the call: it never
/// closes it and keeps no copy of the number. The caller keeps ownership.
/// </summary>
/// <remarks>Matched by name by the FdSafety analyzer, in any namespace.</remarks>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class BorrowsFdAttribute : Attribute
{
}
