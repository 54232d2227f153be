// kind: catches
// options: fdsafety.exception_paths = true
// Look-alike of exception-paths-leak: the close is in a finally, so an exception from Compute (or
// from read) still closes. Clean.
using System;
using System.Security.Cryptography;
using Mono.Unix.Native;

public static class Digest
{
    public static unsafe byte[] Of(string path, string algorithm)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return Array.Empty<byte>();
        try
        {
            var buffer = new byte[4096];
            long n;
            fixed (byte* p = buffer) n = Syscall.read(fd, p, (ulong)buffer.Length);
            return Compute(algorithm, buffer, (int)Math.Max(n, 0));
        }
        finally
        {
            Syscall.close(fd);
        }
    }

    private static byte[] Compute(string algorithm, byte[] data, int count) => algorithm switch
    {
        "sha256" => SHA256.HashData(data.AsSpan(0, count)),
        "sha1" => SHA1.HashData(data.AsSpan(0, count)),
        _ => throw new ArgumentException("unknown algorithm " + algorithm),
    };
}
