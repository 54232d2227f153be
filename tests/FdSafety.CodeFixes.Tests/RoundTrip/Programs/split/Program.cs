// split: cuts the input file into numbered chunk files PREFIX.000, PREFIX.001, ... of SIZE bytes,
// on raw Mono.Posix calls, with a helper that opens each chunk and returns its raw descriptor.

using System;
using Mono.Unix;
using Mono.Unix.Native;

internal static class Program
{
    private static unsafe int Main(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[2], out int size) || size <= 0)
        {
            Console.Error.WriteLine("usage: split INPUT PREFIX SIZE");
            return 2;
        }

        int input = Syscall.open(args[0], OpenFlags.O_RDONLY);
        if (input < 0)
        {
            Console.Error.WriteLine("split: " + args[0] + ": " + UnixMarshal.GetErrorDescription(Stdlib.GetLastError()));
            return 1;
        }

        byte* buf = stackalloc byte[size];
        int index = 0;
        long n;
        while ((n = Syscall.read(input, buf, (ulong)size)) > 0)
        {
            int chunk = OpenChunk(args[1], index);
            if (chunk < 0)
            {
                Console.Error.WriteLine("split: chunk " + index + ": " + UnixMarshal.GetErrorDescription(Stdlib.GetLastError()));
                return 1;
            }

            long written = Syscall.write(chunk, buf, (ulong)n);
            if (written != n)
            {
                Console.Error.WriteLine("split: short write to chunk " + index);
                return 1;
            }

            Syscall.close(chunk);
            index++;
        }

        if (n < 0)
        {
            Console.Error.WriteLine("split: " + args[0] + ": " + UnixMarshal.GetErrorDescription(Stdlib.GetLastError()));
            return 1;
        }

        Syscall.close(input);
        Console.WriteLine(index + " chunks");
        return 0;
    }

    private static int OpenChunk(string prefix, int index)
    {
        string name = prefix + "." + index.ToString("D3");
        return Syscall.open(name, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);
    }
}
