using System;
using System.Globalization;

namespace FdSafety;

/// <summary>What <see cref="OwnedFd"/> found wrong with the number it owns.</summary>
public enum OwnershipViolationKind
{
    /// <summary>
    /// The number was no longer open: some other code closed it. Seen as <c>EBADF</c> from the owner's own
    /// <c>close(2)</c>, or (in strict mode) from the <c>fstat(2)</c> check on a borrow.
    /// </summary>
    ClosedElsewhere,

    /// <summary>
    /// Strict mode only: the number is open but refers to a different file (another device or inode) than
    /// when the owner was created: someone closed it and an unrelated open got the same number. Closing or
    /// using it now would hit that other file.
    /// </summary>
    Reused,
}

/// <summary>
/// A descriptor that an <see cref="OwnedFd"/> owned was closed (or closed and re-used) by code that did not
/// own it. Passed to <see cref="OwnedFd.OwnershipViolated"/>; in strict mode also the text of the fail-fast.
/// </summary>
public sealed class OwnershipViolation
{
    internal OwnershipViolation(OwnershipViolationKind kind, int fd, string operation, string? createdAt)
    {
        Kind = kind;
        Fd = fd;
        Operation = operation;
        CreatedAt = createdAt;
    }

    /// <summary>Whether the number was gone or re-used.</summary>
    public OwnershipViolationKind Kind { get; }

    /// <summary>The descriptor number the owner held.</summary>
    public int Fd { get; }

    /// <summary>What the owner was doing when it found out: <c>close</c>, or (strict mode) <c>borrow</c>.</summary>
    public string Operation { get; }

    /// <summary>
    /// The stack trace of the owner's creation in strict mode (recording it costs a stack walk per
    /// descriptor, so only strict mode does); <see langword="null"/> otherwise.
    /// </summary>
    public string? CreatedAt { get; }

    /// <summary>A one-paragraph description naming the number, what went wrong and, in strict mode, where the owner was created.</summary>
    public string Message
    {
        get
        {
            string number = Fd.ToString(CultureInfo.InvariantCulture);
            string what = Kind == OwnershipViolationKind.ClosedElsewhere
                ? $"OwnedFd({number}) found its descriptor closed by code that does not own it ({Operation}: EBADF)"
                : $"OwnedFd({number}) found its descriptor number re-used for another file after code that does not own it closed it ({Operation}: device/inode changed)";
            return CreatedAt is null
                ? what + ". Set FDSAFETY_STRICT_OWNERSHIP=1 (or the AppContext switch " + OwnedFd.StrictOwnershipSwitch + ") to learn where the descriptor was created."
                : what + ". The descriptor was created at:" + Environment.NewLine + CreatedAt;
        }
    }

    /// <summary>Returns <see cref="Message"/>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Message;
}
