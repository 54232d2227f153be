using System.Runtime.InteropServices;
using Mono.Unix.Native;

namespace FdSafety.Native;

/// <summary>
/// Turns the errno saved by a <c>SetLastError = true</c> P/Invoke into <see cref="Errno"/>.
/// </summary>
/// <remarks>
/// What was found on .NET 10 (Linux x64) with Mono.Posix.NETStandard 1.0.0 (see FdSafety.Runtime.Tests/ErrorTests):
/// every Mono.Posix extern this runtime calls (open, openat, read, write, pread, pwrite, fstat, fsync,
/// fcntl, close, socket, socketpair) is declared <c>SetLastError = true</c>, so the IL stub
/// saves errno into the thread's "last P/Invoke error" slot right after the native call, and
/// <see cref="Marshal.GetLastPInvokeError"/> returns it. That slot is overwritten by the next
/// <c>SetLastError</c> P/Invoke on the thread (even a successful one resets it to 0), and much can make
/// one: <c>Console</c>, <c>File.Exists</c> (both observed to leave 0), or a type initializer. (A close
/// run by SafeHandle's release is safe: CoreCLR saves and restores the error around ReleaseHandle.) Calling
/// <c>Stdlib.GetLastError()</c> for the first time runs Stdlib's static constructor, which makes
/// P/Invokes of its own, so it then reads a clobbered value (203, "unknown errno", reproduced) and
/// <c>NativeConvert.ToErrno</c> throws. Native errno (<c>Marshal.GetLastSystemError</c>) is not
/// reliable either. Hence the rule here: read <c>Marshal.GetLastPInvokeError()</c> into an
/// <see cref="int"/> as the very next expression after the failing call, before any other call
/// (no conversion, no release of the call's reference), and convert it later with <see cref="ToErrno"/>.
/// Our own externs in <see cref="LibC"/> are declared <c>SetLastError = true</c> for the same reason.
/// </remarks>
internal static class Errors
{
    /// <summary>Converts a raw Linux errno; values Mono.Posix does not know keep their number.</summary>
    internal static Errno ToErrno(int raw)
    {
        return NativeConvert.TryToErrno(raw, out Errno errno) ? errno : (Errno)raw;
    }

    internal static PosixException Exception(int rawErrno, string call, string? path = null)
    {
        return new PosixException(ToErrno(rawErrno), call, path);
    }

    /// <summary>The native EINTR value, compared against raw errno before conversion.</summary>
    internal const int EINTR = 4;

    internal const int EBADF = 9;
}
