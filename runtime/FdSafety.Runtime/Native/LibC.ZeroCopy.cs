using System.Runtime.InteropServices;

namespace FdSafety.Native;

/// <summary>
/// The in-kernel copy calls. Mono.Posix.NETStandard 1.0.0 has no <c>copy_file_range</c> and no <c>splice</c>;
/// its <c>sendfile</c> always passes an offset pointer, so it can neither use nor advance the descriptor's
/// own file offset (which <c>cat - -</c> on a shared standard input needs). All three are declared here
/// with 64-bit offsets (<c>off64_t</c>), blittable arguments and <c>SetLastError = true</c>: no marshalling
/// stub allocates, and <c>Marshal.GetLastPInvokeError()</c> holds errno right after the call.
/// A null offset pointer means "use and advance the file offset"; a non-null one is read and updated by
/// the kernel and leaves the file offset alone.
/// </summary>
internal static partial class LibC
{
    /// <summary>
    /// <c>ssize_t copy_file_range(int fd_in, off64_t *off_in, int fd_out, off64_t *off_out, size_t len,
    /// unsigned int flags)</c>, copy_file_range(2), glibc 2.27+, Linux 4.5+ (cross-file-system copies 5.3+,
    /// restricted again to file systems that implement it in 5.19+).
    /// </summary>
    [DllImport(Library, EntryPoint = "copy_file_range", SetLastError = true)]
    internal static extern unsafe nint copy_file_range([BorrowsFd] int fd_in, long* off_in, [BorrowsFd] int fd_out, long* off_out, nuint len, uint flags);

    /// <summary>
    /// <c>ssize_t splice(int fd_in, off64_t *off_in, int fd_out, off64_t *off_out, size_t len,
    /// unsigned int flags)</c>, splice(2). One of the two descriptors must be a pipe; the pipe's offset
    /// pointer must be null.
    /// </summary>
    [DllImport(Library, EntryPoint = "splice", SetLastError = true)]
    internal static extern unsafe nint splice([BorrowsFd] int fd_in, long* off_in, [BorrowsFd] int fd_out, long* off_out, nuint len, uint flags);

    /// <summary>
    /// <c>ssize_t sendfile64(int out_fd, int in_fd, off64_t *offset, size_t count)</c>, sendfile(2). Output
    /// first, as in C. The input must support mmap-like reads (a regular file or block device); the output
    /// may be anything since Linux 2.6.33, though the kernel refuses some (an <c>O_APPEND</c> file, a tty).
    /// </summary>
    [DllImport(Library, EntryPoint = "sendfile64", SetLastError = true)]
    internal static extern unsafe nint sendfile64([BorrowsFd] int out_fd, [BorrowsFd] int in_fd, long* offset, nuint count);
}
