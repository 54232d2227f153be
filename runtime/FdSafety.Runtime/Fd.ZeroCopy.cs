using System;
using System.Runtime.InteropServices;
using FdSafety.Native;

namespace FdSafety;

/// <remarks>
/// The in-kernel copies below move data between two descriptors without passing it through user memory.
/// Each makes one system call (again on <c>EINTR</c>), may copy fewer bytes than asked for, and returns
/// 0 at end of input. Their success path allocates nothing. The kernel refuses descriptor kinds a call
/// does not support with <c>EINVAL</c>, <c>EXDEV</c>, <c>ENOSYS</c>, <c>EOPNOTSUPP</c>, <c>ESPIPE</c> or
/// (copy_file_range on an <c>O_APPEND</c> output) <c>EBADF</c>; a refused call has moved nothing, so the
/// caller can go on with <see cref="Read"/> and <see cref="Write"/>. See <see cref="IsRefusal"/>.
/// </remarks>
public static partial class Fd
{
    /// <summary>
    /// Copies between two files inside the kernel:
    /// <c>copy_file_range(input, NULL, output, NULL, count, 0)</c>. Both file offsets are used and
    /// advanced, as by <c>read</c> and <c>write</c>. Retried on <c>EINTR</c>. See copy_file_range(2).
    /// </summary>
    /// <param name="input">A regular file open for reading, borrowed for the call.</param>
    /// <param name="output">A regular file open for writing (not <c>O_APPEND</c>), borrowed for the call.</param>
    /// <param name="count">The most bytes to copy.</param>
    /// <returns>The number of bytes copied; 0 at end of input (or when <paramref name="count"/> is 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">An owner was disposed before the call.</exception>
    /// <exception cref="PosixException">copy_file_range failed: a refusal (<see cref="IsRefusal"/>), or e.g.
    /// <c>ENOSPC</c>, <c>EIO</c>.</exception>
    public static unsafe long CopyFileRange(BorrowedFd input, BorrowedFd output, long count)
    {
        return CopyFileRange(input, null, output, null, count);
    }

    /// <summary>
    /// Copies between two files at explicit offsets:
    /// <c>copy_file_range(input, &amp;inputOffset, output, &amp;outputOffset, count, 0)</c>. The descriptors'
    /// own file offsets do not move; the two offsets advance by the bytes copied. Retried on <c>EINTR</c>.
    /// See copy_file_range(2).
    /// </summary>
    /// <param name="input">A regular file open for reading, borrowed for the call.</param>
    /// <param name="inputOffset">Where to read; advanced by the result.</param>
    /// <param name="output">A regular file open for writing, borrowed for the call.</param>
    /// <param name="outputOffset">Where to write; advanced by the result.</param>
    /// <param name="count">The most bytes to copy.</param>
    /// <returns>The number of bytes copied; 0 at end of input.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An offset or <paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">An owner was disposed before the call.</exception>
    /// <exception cref="PosixException">copy_file_range failed.</exception>
    public static unsafe long CopyFileRange(BorrowedFd input, ref long inputOffset, BorrowedFd output, ref long outputOffset, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(outputOffset);
        fixed (long* inOffset = &inputOffset)
        fixed (long* outOffset = &outputOffset)
        {
            return CopyFileRange(input, inOffset, output, outOffset, count);
        }
    }

    /// <summary>
    /// Moves data into or out of a pipe inside the kernel: <c>splice(input, NULL, output, NULL, count, flags)</c>.
    /// At least one of the two must be a pipe; a file's offset is used and advanced. Retried on <c>EINTR</c>.
    /// See splice(2).
    /// </summary>
    /// <remarks>
    /// From a file into a pipe, the pipe holds references to the file's cached pages rather than a copy:
    /// bytes written into those pages before the reader reads them are what it reads. (A truncation does
    /// not reach them: on Linux 6.18 the reader still gets the old contents, as after read and write.)
    /// </remarks>
    /// <param name="input">The source, borrowed for the call.</param>
    /// <param name="output">The destination, borrowed for the call.</param>
    /// <param name="count">The most bytes to move.</param>
    /// <param name="flags"><c>SPLICE_F_*</c> flags.</param>
    /// <returns>The number of bytes moved; 0 at end of input (a pipe with no writer left, or end of file).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">An owner was disposed before the call.</exception>
    /// <exception cref="PosixException">splice failed: a refusal (<see cref="IsRefusal"/>, e.g. neither is a
    /// pipe, or the output is <c>O_APPEND</c>), or e.g. <c>EPIPE</c>, <c>EAGAIN</c>.</exception>
    public static unsafe long Splice(BorrowedFd input, BorrowedFd output, long count, SpliceFlags flags = SpliceFlags.None)
    {
        return Splice(input, null, output, null, count, flags);
    }

    /// <summary>
    /// Moves data from a file at an explicit offset into a pipe: <c>splice(input, &amp;inputOffset, output, NULL, count, flags)</c>.
    /// The file's own offset does not move. Retried on <c>EINTR</c>. See splice(2).
    /// </summary>
    /// <param name="input">A file (not a pipe), borrowed for the call.</param>
    /// <param name="inputOffset">Where to read; advanced by the result.</param>
    /// <param name="output">A pipe, borrowed for the call.</param>
    /// <param name="count">The most bytes to move.</param>
    /// <param name="flags"><c>SPLICE_F_*</c> flags.</param>
    /// <returns>The number of bytes moved; 0 at end of file.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputOffset"/> or <paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">An owner was disposed before the call.</exception>
    /// <exception cref="PosixException">splice failed, e.g. <c>ESPIPE</c> when <paramref name="input"/> is a pipe.</exception>
    public static unsafe long Splice(BorrowedFd input, ref long inputOffset, BorrowedFd output, long count, SpliceFlags flags = SpliceFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputOffset);
        fixed (long* offset = &inputOffset)
        {
            return Splice(input, offset, output, null, count, flags);
        }
    }

    /// <summary>
    /// Moves data from a pipe into a file at an explicit offset: <c>splice(input, NULL, output, &amp;outputOffset, count, flags)</c>.
    /// The file's own offset does not move. Retried on <c>EINTR</c>. See splice(2).
    /// </summary>
    /// <param name="input">A pipe, borrowed for the call.</param>
    /// <param name="output">A file (not a pipe), borrowed for the call.</param>
    /// <param name="outputOffset">Where to write; advanced by the result.</param>
    /// <param name="count">The most bytes to move.</param>
    /// <param name="flags"><c>SPLICE_F_*</c> flags.</param>
    /// <returns>The number of bytes moved; 0 when the pipe is empty and has no writer left.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputOffset"/> or <paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">An owner was disposed before the call.</exception>
    /// <exception cref="PosixException">splice failed.</exception>
    public static unsafe long Splice(BorrowedFd input, BorrowedFd output, ref long outputOffset, long count, SpliceFlags flags = SpliceFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputOffset);
        fixed (long* offset = &outputOffset)
        {
            return Splice(input, null, output, offset, count, flags);
        }
    }

    /// <summary>
    /// Copies from a file to any descriptor inside the kernel: <c>sendfile(output, input, NULL, count)</c>
    /// (output first, as in C). The input's file offset is used and advanced. Retried on <c>EINTR</c>.
    /// See sendfile(2).
    /// </summary>
    /// <param name="output">The destination (a socket, a device, a file not opened <c>O_APPEND</c>, a pipe), borrowed for the call.</param>
    /// <param name="input">The source: a regular file or block device, borrowed for the call.</param>
    /// <param name="count">The most bytes to copy; Linux moves at most 0x7ffff000 per call.</param>
    /// <returns>The number of bytes copied; 0 at end of file.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">An owner was disposed before the call.</exception>
    /// <exception cref="PosixException">sendfile failed: a refusal (<see cref="IsRefusal"/>, e.g. the input is a
    /// pipe or socket, the output a tty), or e.g. <c>EPIPE</c>, <c>EAGAIN</c>.</exception>
    public static unsafe long SendFile(BorrowedFd output, BorrowedFd input, long count)
    {
        return SendFile(output, input, null, count);
    }

    /// <summary>
    /// Copies from a file at an explicit offset to any descriptor: <c>sendfile(output, input, &amp;inputOffset, count)</c>.
    /// The input's own offset does not move. Retried on <c>EINTR</c>. See sendfile(2).
    /// </summary>
    /// <param name="output">The destination, borrowed for the call.</param>
    /// <param name="input">The source file, borrowed for the call.</param>
    /// <param name="inputOffset">Where to read; advanced by the result.</param>
    /// <param name="count">The most bytes to copy.</param>
    /// <returns>The number of bytes copied; 0 at end of file.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputOffset"/> or <paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">An owner was disposed before the call.</exception>
    /// <exception cref="PosixException">sendfile failed.</exception>
    public static unsafe long SendFile(BorrowedFd output, BorrowedFd input, ref long inputOffset, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputOffset);
        fixed (long* offset = &inputOffset)
        {
            return SendFile(output, input, offset, count);
        }
    }

    /// <summary>
    /// True for the errno values with which the kernel refuses an in-kernel copy between descriptors of
    /// the kinds given, before moving anything: <c>EINVAL</c>, <c>EXDEV</c>, <c>ENOSYS</c>,
    /// <c>EOPNOTSUPP</c>, <c>ESPIPE</c>, and <c>EBADF</c> (copy_file_range's answer to an <c>O_APPEND</c>
    /// output). A plain read/write copy between the same descriptors may still work.
    /// </summary>
    /// <param name="error">A failure from <see cref="CopyFileRange(BorrowedFd, BorrowedFd, long)"/>,
    /// <see cref="Splice(BorrowedFd, BorrowedFd, long, SpliceFlags)"/> or <see cref="SendFile(BorrowedFd, BorrowedFd, long)"/>.</param>
    /// <returns>Whether a read/write copy is worth trying.</returns>
    public static bool IsRefusal(PosixException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error.Errno)
        {
            case Mono.Unix.Native.Errno.EINVAL:
            case Mono.Unix.Native.Errno.EXDEV:
            case Mono.Unix.Native.Errno.ENOSYS:
            case Mono.Unix.Native.Errno.EOPNOTSUPP:
            case Mono.Unix.Native.Errno.ESPIPE:
            case Mono.Unix.Native.Errno.EBADF:
                return true;
            default:
                return false;
        }
    }

    private static unsafe long CopyFileRange(BorrowedFd input, long* inputOffset, BorrowedFd output, long* outputOffset, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        nint n;
        int errno;
        using (var source = input.Enter())
        using (var target = output.Enter())
        {
            do
            {
                n = LibC.copy_file_range(source.Fd, inputOffset, target.Fd, outputOffset, (nuint)count, 0);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (n < 0 && errno == Errors.EINTR);
        }

        if (n < 0)
        {
            throw Errors.Exception(errno, "copy_file_range");
        }

        return n;
    }

    private static unsafe long Splice(BorrowedFd input, long* inputOffset, BorrowedFd output, long* outputOffset, long count, SpliceFlags flags)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        nint n;
        int errno;
        using (var source = input.Enter())
        using (var target = output.Enter())
        {
            do
            {
                n = LibC.splice(source.Fd, inputOffset, target.Fd, outputOffset, (nuint)count, (uint)flags);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (n < 0 && errno == Errors.EINTR);
        }

        if (n < 0)
        {
            throw Errors.Exception(errno, "splice");
        }

        return n;
    }

    private static unsafe long SendFile(BorrowedFd output, BorrowedFd input, long* inputOffset, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        nint n;
        int errno;
        using (var target = output.Enter())
        using (var source = input.Enter())
        {
            do
            {
                n = LibC.sendfile64(target.Fd, source.Fd, inputOffset, (nuint)count);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (n < 0 && errno == Errors.EINTR);
        }

        if (n < 0)
        {
            throw Errors.Exception(errno, "sendfile");
        }

        return n;
    }
}
