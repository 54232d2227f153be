// kind: iterators
// Look-alike of lines-no-finally: the loop is inside try/finally, so disposing the enumerator at a
// yield return runs the close. Clean.
using System;
using System.Collections.Generic;
using System.Text;
using Mono.Unix.Native;

public static class TextFile
{
    public static IEnumerable<string> Lines(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) yield break;
        try
        {
            var buffer = new byte[4096];
            var line = new StringBuilder();
            long n;
            while ((n = ReadChunk(fd, buffer)) > 0)
            {
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
            if (line.Length > 0) yield return line.ToString();
        }
        finally
        {
            Syscall.close(fd);
        }
    }

    private static unsafe long ReadChunk(int fd, byte[] buffer) // expect: FDS0004
    {
        fixed (byte* p = buffer) return Syscall.read(fd, p, (ulong)buffer.Length);
    }
}
