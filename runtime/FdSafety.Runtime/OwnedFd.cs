using System;
using System.Runtime.InteropServices;
using System.Threading;
using FdSafety.Native;
using Mono.Unix.Native;

namespace FdSafety;

/// <summary>
/// Owns one open file descriptor and closes it exactly once, on <see cref="SafeHandle.Dispose()"/> or,
/// failing that, in the finalizer. The counterpart of Rust's <c>std::os::fd::OwnedFd</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every <see cref="Fd"/> call that is given this descriptor (through <see cref="AsFd"/> or the implicit
/// conversion to <see cref="BorrowedFd"/>) holds a <see cref="SafeHandle"/> reference for the duration of
/// the system call, so a <c>Dispose</c> on another thread does not close the number while, say, a
/// <c>read(2)</c> is blocked on it: the close happens when the call returns. After <c>Dispose</c> every
/// use throws <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>
/// <c>close(2)</c> is called once and never retried on <c>EINTR</c>: on Linux the number is released even
/// then, and by the time a retry ran another thread could own the same number.
/// </para>
/// </remarks>
public sealed class OwnedFd : SafeHandle, IAsFd
{
    private int _surrendered;

    // SafeHandle keeps accepting DangerousAddRef after Dispose for as long as an earlier reference is
    // outstanding (its Closed bit is only set when the count reaches zero). This flag makes every use
    // that starts after Dispose throw, even while a blocked call still holds the descriptor open.
    private volatile bool _disposeRequested;

    /// <summary>An owner that holds nothing yet, so that it exists before the syscall that fills it.</summary>
    internal OwnedFd()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    private OwnedFd(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    /// <summary>
    /// Takes ownership of a raw descriptor. This is the one dangerous door from raw numbers to owners.
    /// </summary>
    /// <param name="fd">An open descriptor. Ownership moves to the returned object.</param>
    /// <returns>The owner, which will close <paramref name="fd"/>.</returns>
    /// <remarks>
    /// The caller promises that <paramref name="fd"/> is open, that it owns it, and that nothing else
    /// will close it or keep using the number after the returned object is disposed: no other
    /// <see cref="OwnedFd"/>, <c>SafeFileHandle</c>, <c>FileStream</c> or code calling <c>close</c>.
    /// If the promise is broken, the number may be closed twice, and the second close may hit an
    /// unrelated descriptor that reused it. Nothing here can check the promise.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative.</exception>
    public static OwnedFd FromRawFd([ReleasesFd] int fd)
    {
        if (fd < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fd), fd, "A descriptor is never negative.");
        }

        return new OwnedFd(fd);
    }

    /// <summary>
    /// Gives up ownership and returns the raw number, which the caller must now close (or hand to
    /// another owner, e.g. <see cref="FromRawFd(int)"/>). Afterwards this object is invalid: uses throw
    /// <see cref="ObjectDisposedException"/> and <c>Dispose</c> does nothing.
    /// </summary>
    /// <remarks>
    /// An <see cref="Fd"/> call already running on another thread keeps using the number; the caller must
    /// not close it before such calls return.
    /// </remarks>
    /// <returns>The descriptor, owned by the caller.</returns>
    /// <exception cref="ObjectDisposedException">Already disposed, or ownership already given up.</exception>
    [AcquiresFd]
    public int IntoRawFd()
    {
        bool added = false;
        DangerousAddRef(ref added);
        try
        {
            ThrowIfClosed();
            if (Interlocked.Exchange(ref _surrendered, 1) != 0)
            {
                throw new ObjectDisposedException(nameof(OwnedFd), "Ownership of the descriptor was already given up.");
            }

            int fd = (int)handle;

            // Marks the handle closed without running ReleaseHandle, now or later (finalizer included).
            SetHandleAsInvalid();
            return fd;
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Returns the raw number without giving up ownership: the caller must not close it, and it is only
    /// meaningful while this object is alive and not disposed.
    /// </summary>
    /// <returns>The descriptor number, still owned by this object.</returns>
    /// <exception cref="ObjectDisposedException">Disposed, or ownership given up with <see cref="IntoRawFd"/>.</exception>
    public int AsRawFd()
    {
        ThrowIfClosed();
        return (int)handle;
    }

    /// <summary>
    /// Lends the descriptor for the current stack frame. <see cref="Fd"/> calls given the result keep
    /// this object from closing the number until they return.
    /// </summary>
    /// <returns>A borrowed view; it cannot be closed.</returns>
    /// <exception cref="ObjectDisposedException">Disposed, or ownership given up.</exception>
    public BorrowedFd AsFd()
    {
        ThrowIfClosed();
        return new BorrowedFd(this, (int)handle);
    }

    /// <summary>Lends the descriptor, as <see cref="AsFd"/> does.</summary>
    /// <param name="fd">The owner; not <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fd"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/> is disposed.</exception>
    public static implicit operator BorrowedFd(OwnedFd fd)
    {
        if (fd is null)
        {
            throw new ArgumentNullException(nameof(fd));
        }

        return fd.AsFd();
    }

    /// <summary>
    /// Duplicates the descriptor with <c>fcntl(fd, F_DUPFD_CLOEXEC, 0)</c>: a new number, with
    /// <c>FD_CLOEXEC</c> set, referring to the same open file description (shared offset and status
    /// flags). See fcntl(2).
    /// </summary>
    /// <returns>A new owner of the duplicate; the caller owns it.</returns>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="PosixException">fcntl failed, e.g. <c>EMFILE</c>.</exception>
    public OwnedFd TryClone()
    {
        return Fd.Dup(AsFd());
    }

    /// <summary><see langword="true"/> when the handle holds no descriptor (a negative number).</summary>
    public override bool IsInvalid => (long)handle < 0;

    /// <summary>Returns <c>OwnedFd(N)</c>, or <c>OwnedFd(closed)</c>.</summary>
    /// <returns>A description for debugging.</returns>
    public override string ToString()
    {
        return _disposeRequested || IsClosed ? "OwnedFd(closed)" : "OwnedFd(" + ((long)handle).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>
    /// Calls <c>close(2)</c> once. Not retried on <c>EINTR</c>: Linux has released the number even then,
    /// and it may already belong to someone else. Errors are not reported, as in Rust's <c>OwnedFd</c>;
    /// only <c>EBADF</c> (the number was not open: someone else closed what we owned) returns
    /// <see langword="false"/>, which the runtime can surface as a diagnostic.
    /// </summary>
    /// <returns><see langword="false"/> if <c>close</c> failed with <c>EBADF</c>.</returns>
    protected override bool ReleaseHandle()
    {
        int rc = Syscall.close((int)handle);
        int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        return rc == 0 || errno != Errors.EBADF;
    }

    /// <summary>Fills an owner made with the internal constructor, right after the syscall succeeded.</summary>
    internal void Adopt([ReleasesFd] int fd)
    {
        SetHandle(new IntPtr(fd));
    }

    /// <summary>
    /// Takes a SafeHandle reference for the duration of a call and returns the number.
    /// Pair with <see cref="SafeHandle.DangerousRelease"/>.
    /// </summary>
    internal int Enter()
    {
        bool added = false;
        DangerousAddRef(ref added);
        if (_disposeRequested)
        {
            DangerousRelease();
            throw new ObjectDisposedException(nameof(OwnedFd));
        }

        return (int)handle;
    }

    /// <summary>Records that Dispose was asked for before SafeHandle drops its own reference.</summary>
    /// <param name="disposing"><see langword="true"/> from Dispose, <see langword="false"/> from the finalizer.</param>
    protected override void Dispose(bool disposing)
    {
        _disposeRequested = true;
        base.Dispose(disposing);
    }

    private void ThrowIfClosed()
    {
        if (_disposeRequested || IsClosed)
        {
            throw new ObjectDisposedException(nameof(OwnedFd));
        }
    }
}
