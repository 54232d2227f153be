// kind: fields
// Random bytes from a /dev/urandom descriptor opened once and cached in a static field for the life
// of the process (intended; docs: a static field is not checked for leaks). The static field carries
// a descriptor (FDS0004). Otherwise clean.
using System;
using Mono.Unix.Native;

public static class Entropy
{
    private static int s_urandom = -1; // expect: FDS0004
    private static readonly object s_lock = new object();

    public static unsafe bool Fill(byte[] buffer)
    {
        lock (s_lock)
        {
            if (s_urandom < 0)
            {
                int fd = Syscall.open("/dev/urandom", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                if (fd < 0) return false;
                s_urandom = fd;
            }
            fixed (byte* p = buffer) return Syscall.read(s_urandom, p, (ulong)buffer.Length) == buffer.Length;
        }
    }
}
