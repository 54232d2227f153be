using System;

namespace FdSafety;

/// <summary>
/// A descriptor lent for the current stack frame, like Rust's <c>BorrowedFd&lt;'_&gt;</c>. Being a
/// <c>ref struct</c>, it cannot be stored in a field, boxed or captured by a lambda, and it has no way to
/// close the descriptor.
/// </summary>
/// <remarks>
/// A <see cref="BorrowedFd"/> made from an <see cref="OwnedFd"/> keeps a reference to its owner, and each
/// <see cref="Fd"/> call holds a SafeHandle reference on it for the duration of the system call: once the
/// owner is disposed, new calls throw <see cref="ObjectDisposedException"/>, and a call already blocked
/// keeps the number open until it returns. One made by <see cref="BorrowRaw(int)"/> is only a number;
/// keeping it open is the lender's business. <c>default(BorrowedFd)</c> lends nothing, and using it
/// throws <see cref="InvalidOperationException"/>.
/// </remarks>
public readonly ref struct BorrowedFd
{
    // Stored complemented so that default(BorrowedFd) holds -1 (no descriptor) rather than 0 (stdin).
    private readonly int _complement;
    private readonly OwnedFd? _owner;

    internal BorrowedFd(OwnedFd owner, int fd)
    {
        _owner = owner;
        _complement = ~fd;
    }

    private BorrowedFd(int fd)
    {
        _owner = null;
        _complement = ~fd;
    }

    /// <summary>Standard input, descriptor 0. Not owned by this process's code; never closed by it.</summary>
    public static BorrowedFd Stdin => new(0);

    /// <summary>Standard output, descriptor 1.</summary>
    public static BorrowedFd Stdout => new(1);

    /// <summary>Standard error, descriptor 2.</summary>
    public static BorrowedFd Stderr => new(2);

    /// <summary>
    /// Lends a raw descriptor number that someone else owns. The caller promises it stays open for as long
    /// as the returned value is used; nothing checks that.
    /// </summary>
    /// <param name="fd">An open descriptor; it is used, never closed.</param>
    /// <returns>The borrowed descriptor.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative.</exception>
    public static BorrowedFd BorrowRaw([BorrowsFd] int fd)
    {
        if (fd < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fd), fd, "A descriptor is never negative.");
        }

        return new BorrowedFd(fd);
    }

    /// <summary>Returns the raw number, which the caller must not close.</summary>
    /// <returns>The descriptor number.</returns>
    /// <exception cref="ObjectDisposedException">Borrowed from an <see cref="OwnedFd"/> that has since been disposed.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(BorrowedFd)</c>.</exception>
    public int AsRawFd()
    {
        if (_owner is not null)
        {
            return _owner.AsRawFd();
        }

        return RawOrThrow();
    }

    /// <summary>Returns <c>BorrowedFd(N)</c>.</summary>
    /// <returns>A description for debugging.</returns>
    public override string ToString()
    {
        int fd = ~_complement;
        return fd < 0 ? "BorrowedFd(none)" : "BorrowedFd(" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>
    /// Pins the descriptor for one system call: adds a SafeHandle reference when borrowed from an owner
    /// (throwing <see cref="ObjectDisposedException"/> if it was disposed). Dispose the lease right after
    /// the call, and only after errno has been read: releasing may close the descriptor, and close is a
    /// P/Invoke that overwrites the saved errno.
    /// </summary>
    internal Lease Enter()
    {
        if (_owner is not null)
        {
            return new Lease(_owner, _owner.Enter());
        }

        return new Lease(null, RawOrThrow());
    }

    private int RawOrThrow()
    {
        int fd = ~_complement;
        if (fd < 0)
        {
            throw new InvalidOperationException("default(BorrowedFd) lends no descriptor.");
        }

        return fd;
    }

    /// <summary>A descriptor held open for the duration of one call.</summary>
    internal readonly ref struct Lease
    {
        private readonly OwnedFd? _owner;

        internal Lease(OwnedFd? owner, int fd)
        {
            _owner = owner;
            Fd = fd;
        }

        /// <summary>The number, valid until <see cref="Dispose"/>.</summary>
        internal int Fd { get; }

        public void Dispose()
        {
            _owner?.DangerousRelease();
        }
    }
}
