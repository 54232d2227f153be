namespace FdSafety;

/// <summary>
/// System calls on descriptors: they take <see cref="BorrowedFd"/> (anything an <see cref="OwnedFd"/> or
/// <see cref="IAsFd"/> can lend) and return <see cref="OwnedFd"/> for what they create, so ownership is
/// visible in every signature. Linux only.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Every descriptor created here has close-on-exec set atomically (<c>O_CLOEXEC</c>,
/// <c>SOCK_CLOEXEC</c>, <c>F_DUPFD_CLOEXEC</c>, ...), so a concurrent <c>fork</c>+<c>exec</c> never inherits it.</item>
/// <item><c>EINTR</c> is retried where repeating the call is harmless; no call here retries <c>close</c>.</item>
/// <item>Failures throw <see cref="PosixException"/> with the errno captured right after the call.</item>
/// <item>A <see cref="BorrowedFd"/> taken from an <see cref="OwnedFd"/> is held open for the duration of the
/// call; a disposed owner throws <see cref="System.ObjectDisposedException"/>.</item>
/// <item>The calls go through Mono.Posix.NETStandard's <c>Mono.Unix.Native.Syscall</c>; <c>pipe2</c>, <c>dup3</c>,
/// <c>fcntl(F_DUPFD_CLOEXEC)</c>, <c>memfd_create</c> and <c>eventfd</c>, which it lacks, are called in libc directly.</item>
/// </list>
/// </remarks>
public static partial class Fd
{
}
