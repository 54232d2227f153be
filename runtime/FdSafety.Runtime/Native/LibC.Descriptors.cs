using System.Runtime.InteropServices;

namespace FdSafety.Native;

internal static partial class LibC
{
    /// <summary>Linux <c>F_DUPFD_CLOEXEC</c> (1030 on every Linux architecture); Mono.Posix's FcntlCommand lacks it.</summary>
    internal const int F_DUPFD_CLOEXEC = 1030;

    /// <summary>
    /// <c>int fcntl(int fd, int cmd, int arg)</c>, fcntl(2). fcntl is variadic; passing the third argument
    /// as a fixed <c>int</c> is correct for the Linux x86-64 and AArch64 calling conventions, where
    /// variadic integer arguments travel like fixed ones. Used only for <see cref="F_DUPFD_CLOEXEC"/>.
    /// </summary>
    [DllImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    [return: AcquiresFd]
    internal static extern int fcntl_int([BorrowsFd] int fd, int cmd, int arg);

    /// <summary>
    /// <c>int dup3(int oldfd, int newfd, int flags)</c>, dup2(2). Atomically makes <paramref name="newfd"/>
    /// refer to <paramref name="oldfd"/>'s open file, closing what newfd referred to; the caller keeps
    /// owning newfd's number.
    /// </summary>
    [DllImport(Library, EntryPoint = "dup3", SetLastError = true)]
    internal static extern int dup3([BorrowsFd] int oldfd, int newfd, int flags);
}
