using System;
using Mono.Unix.Native;

namespace FdSafety.Demo.Cat;

/// <summary>
/// Copies one input to standard output, inside the kernel where it can: copy_file_range between two
/// regular files, splice when either side is a pipe, sendfile from a file to anything else, and
/// read/write otherwise or when the kernel refuses the pair (<see cref="Fd.IsRefusal"/>).
/// </summary>
/// <remarks>
/// Every path uses and advances the descriptors' own file offsets (no private offsets), so what is
/// left of a shared standard input for a second "-", and where the shell's next write to standard
/// output lands, is exactly as with read and write.
/// <para>
/// Errors: copy_file_range is what GNU cat 9 itself uses between regular files, and like it any error
/// other than a refusal is reported against the input and the next operand follows. GNU uses read and
/// write for every other pair, so a failed splice or sendfile (which moved nothing) is not interpreted
/// here: the copy goes on with read and write, whose own failure then says which side broke (a read
/// error names the input, a write error ends the program, EPIPE quietly).
/// </para>
/// </remarks>
internal static class Copier
{
    /// <summary>Bytes asked of one in-kernel call: large (fewer calls), aligned, below sendfile's own cap.</summary>
    private const long Chunk = 1L << 30;

    /// <summary>The read/write buffer: GNU cat's size.</summary>
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// One buffer for the whole run, made on the first read/write copy: most runs never need it, and a
    /// 128 KiB array is a large-object allocation that a short run would pay for at startup.
    /// </summary>
    private static byte[]? s_buffer;

    private enum Method
    {
        CopyFileRange,
        Splice,
        SendFile,
        ReadWrite,
    }

    /// <summary>Copies <paramref name="input"/> from its current offset to its end onto standard output.</summary>
    /// <exception cref="PosixException">Reading the input failed (reported against its name).</exception>
    /// <exception cref="OutputFailedException">Writing standard output failed.</exception>
    public static void Copy(BorrowedFd input, FileKind inputKind, OutputTarget output)
    {
        Method method = Choose(inputKind, output.Kind);
        bool movedAny = false;
        while (method != Method.ReadWrite)
        {
            long moved;
            try
            {
                moved = method switch
                {
                    Method.CopyFileRange => Fd.CopyFileRange(input, BorrowedFd.Stdout, Chunk),
                    Method.Splice => Fd.Splice(input, BorrowedFd.Stdout, Chunk),
                    _ => Fd.SendFile(BorrowedFd.Stdout, input, Chunk),
                };
            }
            catch (PosixException e) when (Fd.IsRefusal(e))
            {
                // Nothing was moved; the next method takes over from the same offsets.
                method = method == Method.CopyFileRange && inputKind == FileKind.Regular ? Method.SendFile : Method.ReadWrite;
                continue;
            }
            catch (PosixException) when (method != Method.CopyFileRange)
            {
                // See the remarks: read and write will meet the same failure and tell its side.
                break;
            }

            if (moved == 0)
            {
                if (movedAny || IsEmpty(input))
                {
                    return;
                }

                // Nothing at all, yet read(2) has data: some files (in /proc, /sys) report size 0 and
                // give their contents only to read. IsEmpty wrote what it read; read/write goes on.
                break;
            }

            movedAny = true;
        }

        ReadWrite(input, s_buffer ??= GC.AllocateUninitializedArray<byte>(BufferSize));
    }

    /// <summary>
    /// Confirms an end of input with one small read, so that an empty file (the common case) never
    /// needs the 128 KiB buffer; bytes it finds instead go to standard output.
    /// </summary>
    private static bool IsEmpty(BorrowedFd input)
    {
        Span<byte> probe = stackalloc byte[512];
        int count = Fd.Read(input, probe);
        if (count == 0)
        {
            return true;
        }

        Output.Write(probe[..count]);
        return false;
    }

    private static Method Choose(FileKind input, FileKind output)
    {
        if (input == FileKind.Regular && output == FileKind.Regular)
        {
            return Method.CopyFileRange;
        }

        if (input == FileKind.Pipe || output == FileKind.Pipe)
        {
            return Method.Splice;
        }

        return input is FileKind.Regular or FileKind.Block ? Method.SendFile : Method.ReadWrite;
    }

    private static void ReadWrite(BorrowedFd input, byte[] buffer)
    {
        while (true)
        {
            int count = Fd.Read(input, buffer);
            if (count == 0)
            {
                return;
            }

            Output.Write(buffer.AsSpan(0, count));
        }
    }
}

/// <summary>The kinds of file that decide the copy method.</summary>
internal enum FileKind
{
    Other,
    Regular,
    Pipe,
    Block,
}

internal static class FileKinds
{
    public static FileKind Of(in Stat info) => (info.st_mode & FilePermissions.S_IFMT) switch
    {
        FilePermissions.S_IFREG => FileKind.Regular,
        FilePermissions.S_IFIFO => FileKind.Pipe,
        FilePermissions.S_IFBLK => FileKind.Block,
        _ => FileKind.Other,
    };
}
