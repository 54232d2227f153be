using Mono.Unix.Native;

namespace FdSafety.Native;

/// <summary>
/// Our own libc entry points, for the calls Mono.Posix.NETStandard 1.0.0 lacks: <c>pipe2</c>,
/// <c>dup3</c>, <c>fcntl(F_DUPFD_CLOEXEC)</c>, <c>memfd_create</c>, <c>eventfd</c>. One file per call
/// group. All are <c>SetLastError = true</c>; read <c>Marshal.GetLastPInvokeError()</c> right after
/// (see <see cref="Errors"/>). Linux (glibc) only.
/// </summary>
internal static partial class LibC
{
    internal const string Library = "libc";

    /// <summary>The platform's O_CLOEXEC (also SOCK_CLOEXEC and EFD_CLOEXEC on Linux), asked of Mono.Posix.</summary>
    internal static readonly int O_CLOEXEC = NativeConvert.FromOpenFlags(OpenFlags.O_CLOEXEC);
}
