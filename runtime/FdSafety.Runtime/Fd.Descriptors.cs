using System;
using System.Runtime.InteropServices;
using FdSafety.Native;

namespace FdSafety;

public static partial class Fd
{
    /// <summary>
    /// Duplicates a descriptor: <c>fcntl(fd, F_DUPFD_CLOEXEC, 0)</c>, the lowest free number, with
    /// close-on-exec set. The duplicate shares the open file description (offset, status flags). See fcntl(2), dup(2).
    /// </summary>
    /// <param name="fd">The descriptor to duplicate, borrowed for the call.</param>
    /// <returns>The duplicate; the caller owns it.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed.</exception>
    /// <exception cref="PosixException">fcntl failed, e.g. <c>EBADF</c> or <c>EMFILE</c>.</exception>
    public static OwnedFd Dup(BorrowedFd fd)
    {
        var owned = new OwnedFd();
        int newFd;
        int errno;
        using (var lease = fd.Enter())
        {
            newFd = LibC.fcntl_int(lease.Fd, LibC.F_DUPFD_CLOEXEC, 0);
            errno = newFd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }

        if (newFd < 0)
        {
            owned.Dispose();
            throw Errors.Exception(errno, "fcntl(F_DUPFD_CLOEXEC)");
        }

        owned.Adopt(newFd);
        return owned;
    }

    /// <summary>
    /// Makes <paramref name="target"/>'s descriptor number refer to <paramref name="fd"/>'s open file:
    /// <c>dup3(fd, target, O_CLOEXEC)</c>. The file <paramref name="target"/> referred to is closed
    /// atomically and <paramref name="target"/> keeps owning its (same) number, now with close-on-exec set.
    /// If both are already the same number, nothing happens. Retried on <c>EINTR</c>. See dup2(2).
    /// </summary>
    /// <remarks>
    /// Taking the target as an <see cref="OwnedFd"/> (as rustix does) means the number being replaced is
    /// one the caller owns, so this cannot silently close a descriptor that belongs to someone else.
    /// To point stdin/stdout/stderr elsewhere, wrap the number in an owner first.
    /// </remarks>
    /// <param name="fd">The descriptor to copy, borrowed for the call.</param>
    /// <param name="target">The owner whose descriptor is replaced in place.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner or <paramref name="target"/> was disposed.</exception>
    /// <exception cref="PosixException">dup3 failed, e.g. <c>EBADF</c>, or <c>EBUSY</c> in a race with open(2).</exception>
    public static void Dup2(BorrowedFd fd, OwnedFd target)
    {
        ArgumentNullException.ThrowIfNull(target);
        int rc = 0;
        int errno = 0;
        using (var lease = fd.Enter())
        {
            int targetFd = target.Enter();
            try
            {
                if (lease.Fd != targetFd)
                {
                    do
                    {
                        rc = LibC.dup3(lease.Fd, targetFd, LibC.O_CLOEXEC);
                        errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
                    }
                    while (rc < 0 && errno == Errors.EINTR);
                }
            }
            finally
            {
                target.DangerousRelease();
            }
        }

        if (rc < 0)
        {
            throw Errors.Exception(errno, "dup3");
        }

        // The number now refers to fd's file, by its owner's will: strict mode must not call that a re-use.
        target.Rerecord();
    }
}
