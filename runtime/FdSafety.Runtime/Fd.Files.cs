using System;
using System.Runtime.InteropServices;
using FdSafety.Native;
using Mono.Unix.Native;

namespace FdSafety;

public static partial class Fd
{
    /// <summary>
    /// Opens a file: <c>open(path, flags | O_CLOEXEC, mode)</c>. <c>O_CLOEXEC</c> is always added.
    /// Retried on <c>EINTR</c>. See open(2).
    /// </summary>
    /// <param name="path">The path to open.</param>
    /// <param name="flags">Access mode and flags, e.g. <c>OpenFlags.O_RDONLY</c> or <c>O_WRONLY | O_CREAT | O_TRUNC</c>.</param>
    /// <param name="mode">Permissions for a file that <c>O_CREAT</c> creates (before the umask); ignored otherwise.
    /// The default, 0, creates a file only root can open: pass e.g. <c>FilePermissions.DEFFILEMODE</c> (0666).</param>
    /// <returns>The new descriptor; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="PosixException">open failed; <see cref="PosixException.Path"/> is <paramref name="path"/>.</exception>
    public static OwnedFd Open(string path, OpenFlags flags, FilePermissions mode = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        var owned = new OwnedFd();
        int fd;
        int errno;
        do
        {
            fd = Syscall.open(path, flags | OpenFlags.O_CLOEXEC, mode);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == Errors.EINTR);

        if (fd < 0)
        {
            owned.Dispose();
            throw Errors.Exception(errno, "open", path);
        }

        owned.Adopt(fd);
        return owned;
    }

    /// <summary>
    /// Opens a file relative to a directory descriptor: <c>openat(dir, path, flags | O_CLOEXEC, mode)</c>.
    /// An absolute <paramref name="path"/> ignores <paramref name="dir"/>. Retried on <c>EINTR</c>. See openat(2).
    /// </summary>
    /// <param name="dir">A directory, borrowed for the call (opened with <c>O_DIRECTORY</c> or <c>O_PATH</c>, say).</param>
    /// <param name="path">The path, relative to <paramref name="dir"/>.</param>
    /// <param name="flags">Access mode and flags.</param>
    /// <param name="mode">Permissions for a file that <c>O_CREAT</c> creates (before the umask); ignored otherwise.
    /// The default, 0, creates a file only root can open.</param>
    /// <returns>The new descriptor; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="dir"/>'s owner was disposed.</exception>
    /// <exception cref="PosixException">openat failed; <see cref="PosixException.Path"/> is <paramref name="path"/>.</exception>
    public static OwnedFd OpenAt(BorrowedFd dir, string path, OpenFlags flags, FilePermissions mode = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        var owned = new OwnedFd();
        int fd;
        int errno;
        using (var lease = dir.Enter())
        {
            do
            {
                fd = Syscall.openat(lease.Fd, path, flags | OpenFlags.O_CLOEXEC, mode);
                errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (fd < 0 && errno == Errors.EINTR);
        }

        if (fd < 0)
        {
            owned.Dispose();
            throw Errors.Exception(errno, "openat", path);
        }

        owned.Adopt(fd);
        return owned;
    }

    /// <summary>Moves the file offset: <c>lseek(fd, offset, whence)</c>. See lseek(2).</summary>
    /// <param name="fd">The descriptor, borrowed for the call.</param>
    /// <param name="offset">The offset, relative to <paramref name="whence"/>.</param>
    /// <param name="whence"><c>SEEK_SET</c>, <c>SEEK_CUR</c> or <c>SEEK_END</c>.</param>
    /// <returns>The new offset from the start of the file.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed.</exception>
    /// <exception cref="ArgumentException"><paramref name="whence"/> is not a value Mono.Posix knows.</exception>
    /// <exception cref="PosixException">lseek failed, e.g. <c>ESPIPE</c> on a pipe, <c>EINVAL</c> for a resulting negative offset.</exception>
    public static long Seek(BorrowedFd fd, long offset, SeekFlags whence)
    {
        int nativeWhence = NativeConvert.FromSeekFlags(whence);
        long result;
        int errno;
        using (var lease = fd.Enter())
        {
            result = LibC.lseek64(lease.Fd, offset, nativeWhence);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }

        if (result < 0)
        {
            throw Errors.Exception(errno, "lseek");
        }

        return result;
    }

    /// <summary>Returns the file's status: <c>fstat(fd, &amp;buf)</c>. See fstat(2).</summary>
    /// <param name="fd">The descriptor, borrowed for the call.</param>
    /// <returns>Mono.Posix's <see cref="Mono.Unix.Native.Stat"/> (size, mode, inode, times ...).</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed.</exception>
    /// <exception cref="PosixException">fstat failed.</exception>
    public static Stat Stat(BorrowedFd fd)
    {
        int rc;
        int errno;
        Stat buf;
        using (var lease = fd.Enter())
        {
            rc = Syscall.fstat(lease.Fd, out buf);
            errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        }

        if (rc < 0)
        {
            throw Errors.Exception(errno, "fstat");
        }

        return buf;
    }

    /// <summary>
    /// Flushes the file's data and metadata to the device: <c>fsync(fd)</c>. Retried on <c>EINTR</c> only;
    /// an <c>EIO</c> is thrown, not retried, because a second fsync may report success for data already lost.
    /// See fsync(2).
    /// </summary>
    /// <param name="fd">The descriptor, borrowed for the call.</param>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed.</exception>
    /// <exception cref="PosixException">fsync failed.</exception>
    public static void Fsync(BorrowedFd fd)
    {
        int rc;
        int errno;
        using (var lease = fd.Enter())
        {
            do
            {
                rc = Syscall.fsync(lease.Fd);
                errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (rc < 0 && errno == Errors.EINTR);
        }

        if (rc < 0)
        {
            throw Errors.Exception(errno, "fsync");
        }
    }
}
