// kind: catches
// options: fdsafety.exception_paths = true
// With exception paths on, any call may throw. Digest opens a file and hands the bytes it read to
// Compute (a call that can throw, e.g. on a bad algorithm name) before the close, with no finally:
// the exception leaks the descriptor (FDS0003 at the open).
using System;
using System.Security.Cryptography;
using Mono.Unix.Native;

public static class Digest
{
    public static unsafe byte[] Of(string path, string algorithm)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) return Array.Empty<byte>();
        var buffer = new byte[4096];
        long n;
        fixed (byte* p = buffer) n = Syscall.read(fd, p, (ulong)buffer.Length);
        byte[] hash = Compute(algorithm, buffer, (int)Math.Max(n, 0));
        Syscall.close(fd);
        return hash;
    }

    private static byte[] Compute(string algorithm, byte[] data, int count) => algorithm switch
    {
        "sha256" => SHA256.HashData(data.AsSpan(0, count)),
        "sha1" => SHA1.HashData(data.AsSpan(0, count)),
        _ => throw new ArgumentException("unknown algorithm " + algorithm),
    };
}
