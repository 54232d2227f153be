using System;
using System.IO;
using Mono.Unix;
using Mono.Unix.Native;

namespace FdSafety;

/// <summary>
/// A failed system call: the <see cref="Errno"/> it set, the name of the C call, and the path it was
/// given, if any. The message reads like <c>open(/tmp/x): No such file or directory (ENOENT)</c>.
/// </summary>
public class PosixException : IOException
{
    /// <summary>Creates the exception for a failed call.</summary>
    /// <param name="errno">The <c>errno</c> value the call set.</param>
    /// <param name="call">The C function that failed, such as <c>open</c>.</param>
    /// <param name="path">The path the call was given, or <see langword="null"/>.</param>
    public PosixException(Errno errno, string call, string? path = null)
        : base(FormatMessage(errno, call, path))
    {
        Errno = errno;
        Call = call ?? throw new ArgumentNullException(nameof(call));
        Path = path;
    }

    /// <summary>The <c>errno</c> value, as Mono.Posix's <see cref="Mono.Unix.Native.Errno"/>.</summary>
    public Errno Errno { get; }

    /// <summary>The C function that failed, such as <c>open</c> or <c>read</c>.</summary>
    public string Call { get; }

    /// <summary>The path the call was given, or <see langword="null"/> for calls that take none.</summary>
    public string? Path { get; }

    /// <summary>
    /// The text <c>strerror_r(3)</c> gives for <paramref name="errno"/>, or <c>Unknown error N</c>
    /// when Mono.Posix does not know the value.
    /// </summary>
    /// <param name="errno">An <c>errno</c> value.</param>
    /// <returns>The description, without the symbolic name.</returns>
    public static string Describe(Errno errno)
    {
        try
        {
            // strerror_r underneath, so this is safe to call from several threads at once.
            return UnixMarshal.GetErrorDescription(errno);
        }
        catch (ArgumentOutOfRangeException)
        {
            return "Unknown error " + ((int)errno).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string FormatMessage(Errno errno, string call, string? path)
    {
        string where = path is null ? call : call + "(" + path + ")";
        return where + ": " + Describe(errno) + " (" + errno.ToString() + ")";
    }
}
