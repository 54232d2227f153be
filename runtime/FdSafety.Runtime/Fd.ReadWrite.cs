using System;
using System.IO;
using System.Runtime.InteropServices;
using FdSafety.Native;
using Mono.Unix.Native;

namespace FdSafety;

public static partial class Fd
{
    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes: <c>read(fd, buf, count)</c>. Retried on <c>EINTR</c>.
    /// May return fewer bytes than asked for. See read(2).
    /// </summary>
    /// <param name="fd">The descriptor, borrowed for the call (held open while the call blocks).</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The number of bytes read; 0 at end of file (or when <paramref name="buffer"/> is empty).</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed before the call.</exception>
    /// <exception cref="PosixException">read failed, e.g. <c>EBADF</c>, <c>EISDIR</c>, <c>EAGAIN</c> on a non-blocking descriptor.</exception>
    public static unsafe int Read(BorrowedFd fd, Span<byte> buffer)
    {
        long n;
        int errno;
        using (var lease = fd.Enter())
        {
            fixed (byte* p = buffer)
            {
                do
                {
                    n = Syscall.read(lease.Fd, (IntPtr)p, (ulong)buffer.Length);
                    errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                }
                while (n < 0 && errno == Errors.EINTR);
            }
        }

        if (n < 0)
        {
            throw Errors.Exception(errno, "read");
        }

        return (int)n;
    }

    /// <summary>
    /// Writes up to <c>buffer.Length</c> bytes: <c>write(fd, buf, count)</c>. Retried on <c>EINTR</c>.
    /// The write may be partial (a pipe or socket with less room, a signal after some bytes): check the
    /// result, or use <see cref="WriteAll"/>. See write(2).
    /// </summary>
    /// <param name="fd">The descriptor, borrowed for the call.</param>
    /// <param name="buffer">The bytes to write.</param>
    /// <returns>The number of bytes written, which may be less than <c>buffer.Length</c>.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed before the call.</exception>
    /// <exception cref="PosixException">write failed, e.g. <c>EPIPE</c> (the .NET runtime ignores SIGPIPE), <c>ENOSPC</c>, <c>EAGAIN</c>.</exception>
    public static int Write(BorrowedFd fd, ReadOnlySpan<byte> buffer)
    {
        using (var lease = fd.Enter())
        {
            return WriteOnce(lease.Fd, buffer);
        }
    }

    /// <summary>
    /// Writes all of <paramref name="buffer"/>, calling <c>write(2)</c> again after each partial write and
    /// on <c>EINTR</c>. The descriptor is held open across the whole loop.
    /// </summary>
    /// <param name="fd">The descriptor, borrowed for the call.</param>
    /// <param name="buffer">The bytes to write.</param>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed before the call.</exception>
    /// <exception cref="PosixException">write failed; some of the bytes may have been written.</exception>
    /// <exception cref="IOException">write returned 0 for a non-empty buffer, so no progress is possible.</exception>
    public static void WriteAll(BorrowedFd fd, ReadOnlySpan<byte> buffer)
    {
        using (var lease = fd.Enter())
        {
            while (!buffer.IsEmpty)
            {
                int written = WriteOnce(lease.Fd, buffer);
                if (written == 0)
                {
                    throw new IOException("write: wrote 0 bytes of " + buffer.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
                }

                buffer = buffer.Slice(written);
            }
        }
    }

    /// <summary>
    /// Reads at an offset without moving the file offset: <c>pread(fd, buf, count, offset)</c>.
    /// Retried on <c>EINTR</c>. See pread(2).
    /// </summary>
    /// <param name="fd">The descriptor, borrowed for the call; must be seekable.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">The file offset to read from.</param>
    /// <returns>The number of bytes read; 0 at or past end of file.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed before the call.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    /// <exception cref="PosixException">pread failed, e.g. <c>ESPIPE</c> on a pipe.</exception>
    public static unsafe int PRead(BorrowedFd fd, Span<byte> buffer, long offset)
    {
        // Mono.Posix's helper would fail a negative offset with EOVERFLOW; the kernel says EINVAL. Neither
        // is a runtime condition, so treat it as the argument error it is, as RandomAccess does.
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long n;
        int errno;
        using (var lease = fd.Enter())
        {
            fixed (byte* p = buffer)
            {
                do
                {
                    n = Syscall.pread(lease.Fd, (IntPtr)p, (ulong)buffer.Length, offset);
                    errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                }
                while (n < 0 && errno == Errors.EINTR);
            }
        }

        if (n < 0)
        {
            throw Errors.Exception(errno, "pread");
        }

        return (int)n;
    }

    /// <summary>
    /// Writes at an offset without moving the file offset: <c>pwrite(fd, buf, count, offset)</c>.
    /// Retried on <c>EINTR</c>; may be partial. See pwrite(2). (On Linux, a descriptor opened with
    /// <c>O_APPEND</c> appends regardless of <paramref name="offset"/>.)
    /// </summary>
    /// <param name="fd">The descriptor, borrowed for the call; must be seekable.</param>
    /// <param name="buffer">The bytes to write.</param>
    /// <param name="offset">The file offset to write at.</param>
    /// <returns>The number of bytes written, which may be less than <c>buffer.Length</c>.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="fd"/>'s owner was disposed before the call.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    /// <exception cref="PosixException">pwrite failed.</exception>
    public static unsafe int PWrite(BorrowedFd fd, ReadOnlySpan<byte> buffer, long offset)
    {
        // Mono.Posix's helper would fail a negative offset with EOVERFLOW; the kernel says EINVAL. Neither
        // is a runtime condition, so treat it as the argument error it is, as RandomAccess does.
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long n;
        int errno;
        using (var lease = fd.Enter())
        {
            fixed (byte* p = buffer)
            {
                do
                {
                    n = Syscall.pwrite(lease.Fd, (IntPtr)p, (ulong)buffer.Length, offset);
                    errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                }
                while (n < 0 && errno == Errors.EINTR);
            }
        }

        if (n < 0)
        {
            throw Errors.Exception(errno, "pwrite");
        }

        return (int)n;
    }

    private static unsafe int WriteOnce([BorrowsFd] int fd, ReadOnlySpan<byte> buffer)
    {
        long n;
        int errno;
        fixed (byte* p = buffer)
        {
            do
            {
                n = Syscall.write(fd, (IntPtr)p, (ulong)buffer.Length);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (n < 0 && errno == Errors.EINTR);
        }

        if (n < 0)
        {
            // Safe to throw here: errno is already in a local, and the caller's lease is released later.
            throw Errors.Exception(errno, "write");
        }

        return (int)n;
    }
}
