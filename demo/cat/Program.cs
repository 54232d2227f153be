// fdcat: GNU cat without options, written on the FdSafety runtime.
//
// Every descriptor is an OwnedFd held by a `using` declaration or a BorrowedFd lent to a
// callee; no raw int descriptor is passed around and no Syscall.* is called. The project builds
// with the FdSafety analyzer and warnings as errors, so this file is the proof that the rules
// pass on careful code.
//
// Behaviour (as GNU cat 9.x without options):
//   * operands are copied to standard output in order; none, or "-", means standard input
//     ("-" may appear several times: each one reads stdin from where it stands);
//   * an operand that cannot be opened or read prints "cat: NAME: <strerror>" on stderr and
//     the next operand follows; the exit status is then 1;
//   * an input that is the very regular file standard output writes to, with data left to read
//     ("cat f >> f"), prints "cat: f: input file is output file" and is skipped;
//   * a failed write to standard output prints "cat: write error: <strerror>" and exits 1 at
//     once, except a closed pipe (EPIPE), which ends quietly with status 141 (see Main);
//   * -u is accepted and ignored (POSIX; output is unbuffered anyway), "--" ends the options,
//     --help prints a short usage; any other option is rejected as GNU getopt does, exit 1.
// Names in messages are quoted like GNU's quotef (shell-escape style), see ShellQuote.
//
// Copying happens inside the kernel where it can (copy_file_range, splice, sendfile through the
// runtime's Fd.*), with read/write where the kernel refuses the pair; see Copier. Every path uses
// and advances the descriptors' own offsets, as read and write do.
//
// `dotnet publish demo/cat -c Release -o DIR` makes DIR/fdcat, a NativeAOT binary (see cat.csproj).
//
// Known limit: run by the JIT host (`dotnet fdcat.dll`) with fd 0 or 1 closed, the .NET runtime
// takes those numbers for its own descriptors before Main runs (fd 0 becomes an internal pipe), so
// "fdcat - <&-" blocks and "fdcat f >&-" says "write error: Bad file descriptor" where GNU cat
// reports the closed stream. The native binary opens nothing of the kind and reports both as GNU
// does, except for GNU's extra "closing standard input" line.

using System;
using System.Collections.Generic;
using System.Text;
using Mono.Unix.Native;

namespace FdSafety.Demo.Cat;

internal static class Program
{
    /// <summary>
    /// Exit status when standard output is a pipe whose reader has gone (EPIPE).
    /// GNU cat is killed by SIGPIPE there, which a shell reports as 128 + 13 = 141. .NET ignores
    /// SIGPIPE, so the write fails with EPIPE instead; we end quietly (no message: the reader left
    /// on purpose, as in "fdcat big | head") and exit with the status a shell would have shown for
    /// GNU cat, so that `set -o pipefail` and PIPESTATUS see the same number. It is non-zero because
    /// the output was cut short, and it is not 1, which here means "an input failed".
    /// </summary>
    private const int BrokenPipeExitStatus = 128 + 13;

    private static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (OutputFailedException e) when (e.Errno == Errno.EPIPE)
        {
            return BrokenPipeExitStatus;
        }
        catch (OutputFailedException e)
        {
            Diagnostics.Report($"write error: {Diagnostics.Describe(e.Errno)}");
            return 1;
        }
        catch (Exception e)
        {
            // Never a stack trace: whatever escaped is reported the way cat reports errors.
            Diagnostics.Report(e.Message);
            return 1;
        }
    }

    private static int Run(string[] args)
    {
        if (!CommandLine.TryParse(args, out List<string> operands, out bool showHelp))
        {
            return 1;
        }

        if (showHelp)
        {
            Output.Write(Encoding.UTF8.GetBytes(CommandLine.Usage));
            return 0;
        }

        if (operands.Count == 0)
        {
            operands.Add("-");
        }

        OutputTarget output;
        try
        {
            output = OutputTarget.Describe(Fd.Stat(BorrowedFd.Stdout));
        }
        catch (PosixException e)
        {
            Diagnostics.Report($"standard output: {Diagnostics.Describe(e.Errno)}");
            return 1;
        }

        bool allOk = true;
        foreach (string name in operands)
        {
            allOk &= CatOperand(name, output);
        }

        return allOk ? 0 : 1;
    }

    /// <summary>Copies one operand to standard output; false if it failed (already reported).</summary>
    private static bool CatOperand(string name, OutputTarget output)
    {
        try
        {
            // Standard input is borrowed, never closed: a later "-" reads on from it.
            return name == "-" ? Copy(BorrowedFd.Stdin, name, output) : CatFile(name, output);
        }
        catch (PosixException e)
        {
            // open, fstat, lseek or read failed on this input: report it and carry on.
            Diagnostics.Report($"{ShellQuote.Quote(name)}: {Diagnostics.Describe(e.Errno)}");
            return false;
        }
        catch (Exception e) when (e is not OutputFailedException)
        {
            Diagnostics.Report($"{ShellQuote.Quote(name)}: {e.Message}");
            return false;
        }
    }

    /// <summary>Opens a named input, copies it, closes it (also when the copy throws).</summary>
    private static bool CatFile(string name, OutputTarget output)
    {
        using OwnedFd input = Fd.Open(name, OpenFlags.O_RDONLY);
        return Copy(input, name, output);
    }

    private static bool Copy(BorrowedFd input, string name, OutputTarget output)
    {
        Stat info = Fd.Stat(input);
        if (output.IsSameRegularFile(info) && Fd.Seek(input, 0, SeekFlags.SEEK_CUR) < info.st_size)
        {
            // Copying a regular file onto its own end would never reach end of file: the output
            // would only grow until the file system is full. Skipped, as GNU cat does.
            Diagnostics.Report($"{ShellQuote.Quote(name)}: input file is output file");
            return false;
        }

        Copier.Copy(input, FileKinds.Of(info), output);
        return true;
    }
}

/// <summary>What standard output is: its kind picks the copy method, its identity the "input file is output file" check.</summary>
internal readonly struct OutputTarget
{
    private readonly ulong _device;
    private readonly ulong _inode;

    private OutputTarget(FileKind kind, ulong device, ulong inode)
    {
        Kind = kind;
        _device = device;
        _inode = inode;
    }

    public FileKind Kind { get; }

    public static OutputTarget Describe(Stat stdout) => new(FileKinds.Of(stdout), stdout.st_dev, stdout.st_ino);

    /// <summary>
    /// True when standard output is a regular file and <paramref name="input"/> is that same file
    /// (same device and inode). Pipes, terminals and devices never match: /dev/null onto itself
    /// or a tty read and written is fine.
    /// </summary>
    public bool IsSameRegularFile(Stat input) =>
        Kind == FileKind.Regular && input.st_dev == _device && input.st_ino == _inode;
}

/// <summary>Standard output, written in full or not at all.</summary>
internal static class Output
{
    public static void Write(ReadOnlySpan<byte> data)
    {
        try
        {
            Fd.WriteAll(BorrowedFd.Stdout, data);
        }
        catch (PosixException e)
        {
            // A write error ends the program (Main); it is not an error of the current input.
            throw new OutputFailedException(e.Errno, e);
        }
    }
}

/// <summary>Standard output failed; carries the errno of the failed write.</summary>
internal sealed class OutputFailedException : Exception
{
    public OutputFailedException(Errno errno, Exception inner)
        : base("write error", inner)
    {
        Errno = errno;
    }

    public Errno Errno { get; }
}

/// <summary>Messages on standard error, "cat: " first as GNU prints them.</summary>
internal static class Diagnostics
{
    /// <summary>The program name in messages: GNU's, so that stderr compares equal to cat's.</summary>
    private const string ProgramName = "cat";

    public static void Report(string message) => WriteLine($"{ProgramName}: {message}");

    /// <summary>One line on standard error, as it is.</summary>
    public static void WriteLine(string text)
    {
        byte[] line = Encoding.UTF8.GetBytes(text + "\n");
        try
        {
            Fd.WriteAll(BorrowedFd.Stderr, line);
        }
        catch (PosixException)
        {
            // Standard error itself failed: there is nowhere left to say so. The exit status
            // still tells.
        }
    }

    /// <summary>The C library's text for an errno (strerror), e.g. "No such file or directory".</summary>
    public static string Describe(Errno errno) => PosixException.Describe(errno);
}

/// <summary>Options: GNU getopt's behaviour for the few cases this cat knows.</summary>
internal static class CommandLine
{
    public const string Usage =
        "Usage: cat [OPTION]... [FILE]...\n" +
        "Concatenate FILE(s) to standard output.\n" +
        "\n" +
        "With no FILE, or when FILE is -, read standard input.\n" +
        "\n" +
        "  -u        (ignored)\n" +
        "  --help    display this help and exit\n";

    /// <summary>
    /// Splits <paramref name="args"/> into operands, accepting options anywhere before "--" as
    /// getopt does (all options are looked at before any input is read). Returns false after
    /// reporting an invalid option.
    /// </summary>
    public static bool TryParse(string[] args, out List<string> operands, out bool showHelp)
    {
        operands = new List<string>(args.Length);
        showHelp = false;
        bool optionsEnded = false;
        foreach (string arg in args)
        {
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                operands.Add(arg);
            }
            else if (arg == "--")
            {
                optionsEnded = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arg == "--help")
                {
                    showHelp = true;
                    continue;
                }

                Diagnostics.Report($"unrecognized option '{arg}'");
                return TryHelp();
            }
            else
            {
                foreach (char letter in arg.AsSpan(1))
                {
                    if (letter != 'u')
                    {
                        Diagnostics.Report($"invalid option -- '{letter}'");
                        return TryHelp();
                    }
                }
            }
        }

        return true;
    }

    private static bool TryHelp()
    {
        Diagnostics.WriteLine("Try 'cat --help' for more information.");
        return false;
    }
}
