// kind: iterators
// Lines yields each line of a file and closes the descriptor after the loop. A consumer that stops
// early (First(), break in foreach) disposes the enumerator at a yield return, which runs no close:
// the descriptor leaks there (FDS0003 at the open). ReadChunk's parameter carries a descriptor
// (FDS0004).
using System;
using System.Collections.Generic;
using System.Text;
using Mono.Unix.Native;

public static class TextFile
{
    private static unsafe long ReadChunk(int fd, byte[] buffer) // expect: FDS0004
    {
        fixed (byte* p = buffer) return Syscall.read(fd, p, (ulong)buffer.Length);
    }

    public static IEnumerable<string> Lines(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) yield break;
        var buffer = new byte[4096];
        var line = new StringBuilder();
        while (true)
        {
            long n = ReadChunk(fd, buffer);
            if (n <= 0) break;
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    line.Append((char)buffer[i]);
                    continue;
                }
                yield return line.ToString();
                line.Clear();
            }
        }
        Syscall.close(fd);
        if (line.Length > 0) yield return line.ToString();
    }
}
