// kind: iterators
// An async iterator that yields the lines of a device and closes after the loop: a consumer that
// stops early (break in await foreach) disposes the enumerator at a yield return, where no finally
// closes (FDS0003 at the open). ReadChunk's parameter carries a descriptor (FDS0004).
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Mono.Unix.Native;

public static class Serial
{
    private static unsafe long ReadChunk(int fd, byte[] buffer) // expect: FDS0004
    {
        fixed (byte* p = buffer) return Syscall.read(fd, p, (ulong)buffer.Length);
    }

    public static async IAsyncEnumerable<byte[]> Frames(string device)
    {
        int fd = Syscall.open(device, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) yield break;
        var buffer = new byte[64];
        while (true)
        {
            long n = ReadChunk(fd, buffer);
            if (n <= 0) break;
            yield return buffer[..(int)n];
            await Task.Yield();
        }
        Syscall.close(fd);
    }
}
