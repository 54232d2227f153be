// kind: iterators
// Like using-ownedfd-yield, but the OwnedFd is disposed by an explicit call after the loop, not by a
// using: an early stop at the yield return leaves it undisposed (FDS0003 at Fd.Open).
using System;
using System.Collections.Generic;
using FdSafety;
using Mono.Unix.Native;

public static class Chunks
{
    public static IEnumerable<byte[]> Of(string path, int size)
    {
        OwnedFd file = Fd.Open(path, OpenFlags.O_RDONLY); // expect: FDS0003
        while (true)
        {
            var chunk = new byte[size];
            int n = Fd.Read(file, chunk);
            if (n <= 0) break;
            Array.Resize(ref chunk, n);
            yield return chunk;
        }
        file.Dispose();
    }
}
