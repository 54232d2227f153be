using System.Runtime.InteropServices;

namespace FdSafety.Native;

internal static partial class LibC
{
    /// <summary>
    /// <c>off64_t lseek64(int fd, off64_t offset, int whence)</c>, lseek(2). Mono.Posix has lseek, but its
    /// helper (Mono_Posix_Syscall_lseek) fails every negative offset with EOVERFLOW, so
    /// <c>lseek(fd, -5, SEEK_END)</c> is impossible through it; found by ReadWriteTests.
    /// <paramref name="whence"/> is the native SEEK_* value.
    /// </summary>
    [DllImport(Library, EntryPoint = "lseek64", SetLastError = true)]
    internal static extern long lseek64([BorrowsFd] int fd, long offset, int whence);
}
