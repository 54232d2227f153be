using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
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
/// <para>
/// <b>A number closed behind the owner's back.</b> Code that closes a number it does not own (a stray
/// <c>close(fd)</c>, a second owner) leaves this object holding a number that is gone or, once the next
/// open takes the lowest free number, belongs to an unrelated file. By default the owner notices when
/// its own <c>close(2)</c> fails with <c>EBADF</c> and reports it through <see cref="OwnershipViolated"/>
/// (or, with no handler subscribed, one line on standard error): never silently. A re-used number cannot
/// be seen in this mode; the owner closes the other file's descriptor, and its owner reports the
/// <c>EBADF</c> later. <b>Strict mode</b> (<see cref="StrictOwnership"/>: the <c>AppContext</c> switch
/// <c>FdSafety.StrictOwnership</c> or the environment variable <c>FDSAFETY_STRICT_OWNERSHIP=1</c>) records
/// each owner's device and inode (<c>fstat(2)</c>) and the stack trace of its creation, checks them on
/// every borrow by an <see cref="Fd"/> call, on <see cref="AsRawFd"/> and before its close, and on a
/// mismatch raises <see cref="OwnershipViolated"/> and then ends the process with
/// <see cref="Environment.FailFast(string)"/>, naming where the descriptor was created; it never closes a
/// number that now belongs to another file. Strict mode costs an <c>fstat</c> per call and a stack walk
/// per created descriptor: a debugging aid, like Android's fdsan or the debug-build abort of Rust's
/// <c>OwnedFd</c>. Anonymous-inode descriptors (eventfd, epoll, timerfd, signalfd) all share one inode, so
/// one re-used by another of the same kind is only caught when closed twice.
/// </para>
/// </remarks>
public sealed class OwnedFd : SafeHandle, IAsFd
{
    private int _surrendered;

    // SafeHandle keeps accepting DangerousAddRef after Dispose for as long as an earlier reference is
    // outstanding (its Closed bit is only set when the count reaches zero). This flag makes every use
    // that starts after Dispose throw, even while a blocked call still holds the descriptor open.
    private volatile bool _disposeRequested;

    // Strict mode only: what the number referred to when this owner got it, and where that happened.
    private volatile Identity? _identity;

    /// <summary>The <c>AppContext</c> switch that turns strict ownership checks on: <c>FdSafety.StrictOwnership</c>.</summary>
    public const string StrictOwnershipSwitch = "FdSafety.StrictOwnership";

    /// <summary>
    /// The environment variable that turns strict ownership checks on when set to <c>1</c> or <c>true</c>:
    /// <c>FDSAFETY_STRICT_OWNERSHIP</c>.
    /// </summary>
    public const string StrictOwnershipEnvironmentVariable = "FDSAFETY_STRICT_OWNERSHIP";

    /// <summary>
    /// Raised when an owner finds that code which did not own its descriptor closed it (or, in strict mode,
    /// that the number now refers to another file). It runs on the thread that noticed, which may be the
    /// finalizer thread; exceptions thrown by handlers are ignored. With no handler subscribed, the
    /// violation's <see cref="OwnershipViolation.Message"/> is written to standard error instead. In strict
    /// mode the process then ends with <see cref="Environment.FailFast(string)"/>.
    /// </summary>
    public static event Action<OwnershipViolation>? OwnershipViolated;

    /// <summary>
    /// Whether strict ownership checks are on: the <c>AppContext</c> switch <see cref="StrictOwnershipSwitch"/>
    /// is set to <see langword="true"/>, or the environment variable
    /// <see cref="StrictOwnershipEnvironmentVariable"/> is <c>1</c> or <c>true</c>. Read once, when the first
    /// owner is created (set the switch before that, e.g. in <c>runtimeconfig.json</c> or first thing in <c>Main</c>).
    /// </summary>
    public static bool StrictOwnership => StrictSetting.Enabled;

    /// <summary>An owner that holds nothing yet, so that it exists before the syscall that fills it.</summary>
    internal OwnedFd()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    private OwnedFd(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
        Record(fd, "FromRawFd");
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
        Verify("borrow");
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
        int fd = (int)handle;

        // Strict mode never closes a number that now belongs to another file: Verify fails fast first.
        Verify("close");
        int rc = Syscall.close(fd);
        int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (rc < 0 && errno == Errors.EBADF)
        {
            Report(new OwnershipViolation(OwnershipViolationKind.ClosedElsewhere, fd, "close", _identity?.CreatedAt));
            return false;
        }

        return true;
    }

    /// <summary>Fills an owner made with the internal constructor, right after the syscall succeeded.</summary>
    internal void Adopt([ReleasesFd] int fd)
    {
        SetHandle(new IntPtr(fd));
        Record(fd, null);
    }

    /// <summary>
    /// After <c>dup3</c> replaced the file this owner's number refers to (legitimately, by its owner):
    /// strict mode records the new device and inode, keeping the creation site.
    /// </summary>
    internal void Rerecord()
    {
        Identity? old = _identity;
        if (old is not null && Identity.TryRead((int)handle, out ulong dev, out ulong ino, out _))
        {
            _identity = new Identity(dev, ino, old.CreatedAt);
        }
    }

    private void Record(int fd, string? door)
    {
        if (!StrictSetting.Enabled)
        {
            return;
        }

        // Skip Record and Adopt (or the constructor): the first frame is the creating call, e.g. Fd.Open.
        string createdAt = new StackTrace(2, fNeedFileInfo: true).ToString();
        if (!Identity.TryRead(fd, out ulong dev, out ulong ino, out bool closed))
        {
            if (closed)
            {
                // FromRawFd of a number that is not open: the caller's promise is already broken.
                Report(new OwnershipViolation(OwnershipViolationKind.ClosedElsewhere, fd, door ?? "create", createdAt));
            }

            return;
        }

        _identity = new Identity(dev, ino, createdAt);
    }

    /// <summary>Strict mode: the number must still be open and refer to the file it did at creation.</summary>
    private void Verify(string operation)
    {
        Identity? expected = _identity;
        if (expected is null)
        {
            return;
        }

        int fd = (int)handle;
        if (!Identity.TryRead(fd, out ulong dev, out ulong ino, out bool closed))
        {
            if (closed)
            {
                Report(new OwnershipViolation(OwnershipViolationKind.ClosedElsewhere, fd, operation, expected.CreatedAt));
            }

            return;
        }

        if (dev != expected.Device || ino != expected.Inode)
        {
            Report(new OwnershipViolation(OwnershipViolationKind.Reused, fd, operation, expected.CreatedAt));
        }
    }

    /// <summary>Raises <see cref="OwnershipViolated"/> (or writes to stderr), then fails fast in strict mode.</summary>
    private static void Report(OwnershipViolation violation)
    {
        Action<OwnershipViolation>? handlers = OwnershipViolated;
        if (handlers is null && !StrictSetting.Enabled)
        {
            // (Strict mode's fail-fast prints the message itself.)
            WriteToStandardError("fdsafety: " + violation.Message + "\n");
        }
        else if (handlers is not null)
        {
            foreach (Action<OwnershipViolation> handler in handlers.GetInvocationList())
            {
                try
                {
                    handler(violation);
                }
                catch (Exception)
                {
                    // A handler must not turn a close (possibly on the finalizer thread) into a crash.
                }
            }
        }

        if (StrictSetting.Enabled)
        {
            Environment.FailFast("FdSafety strict ownership: " + violation.Message);
        }
    }

    private static unsafe void WriteToStandardError(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes)
        {
            // Best effort, one call: standard error may itself be closed, and there is nobody left to tell.
            _ = Syscall.write(2, (IntPtr)p, (ulong)bytes.Length);
        }
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

        Verify("borrow");
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

    /// <summary>What a number referred to when its owner got it (strict mode), and where that was.</summary>
    private sealed class Identity
    {
        internal Identity(ulong device, ulong inode, string createdAt)
        {
            Device = device;
            Inode = inode;
            CreatedAt = createdAt;
        }

        internal ulong Device { get; }

        internal ulong Inode { get; }

        internal string CreatedAt { get; }

        /// <summary>fstat(2) of the number; <paramref name="closed"/> when it failed with EBADF.</summary>
        internal static bool TryRead(int fd, out ulong device, out ulong inode, out bool closed)
        {
            int rc = Syscall.fstat(fd, out Stat buf);
            int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
            device = buf.st_dev;
            inode = buf.st_ino;
            closed = rc < 0 && errno == Errors.EBADF;
            return rc == 0;
        }
    }

    /// <summary>The strict-mode setting, read on first use (an explicit static constructor keeps it lazy).</summary>
    private static class StrictSetting
    {
        internal static readonly bool Enabled;

        static StrictSetting()
        {
            string? env = Environment.GetEnvironmentVariable(StrictOwnershipEnvironmentVariable);
            bool fromEnvironment = env is not null && (env.Trim() == "1" || env.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
            Enabled = fromEnvironment || (AppContext.TryGetSwitch(StrictOwnershipSwitch, out bool on) && on);
        }
    }
}
