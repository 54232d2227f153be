// kind: iterators
// Chunks holds an OwnedFd in a using declaration across its yield returns; the using is a finally,
// so disposing the enumerator early closes the file. Clean.
using System;
using System.Collections.Generic;
using FdSafety;
using Mono.Unix.Native;

public static class Chunks
{
    public static IEnumerable<byte[]> Of(string path, int size)
    {
        using OwnedFd file = Fd.Open(path, OpenFlags.O_RDONLY);
        while (true)
        {
            var chunk = new byte[size];
            int n = Fd.Read(file, chunk);
            if (n <= 0) yield break;
            Array.Resize(ref chunk, n);
            yield return chunk;
        }
    }
}
