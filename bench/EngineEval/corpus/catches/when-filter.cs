// kind: catches
// Spool.Append throws IOException on a short write; the catch closes only when the filter says the
// disk is full. For any other IOException the filter is false, the exception leaves the method and
// the descriptor with it (FDS0003 at the open).
using System;
using System.IO;
using Mono.Unix.Native;

public static class Spool
{
    public static unsafe bool Append(string path, byte[] record)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) return false;
        try
        {
            long n;
            fixed (byte* p = record) n = Syscall.write(fd, p, (ulong)record.Length);
            if (n != record.Length) throw new IOException("short write: " + Stdlib.GetLastError());
            Syscall.close(fd);
            return true;
        }
        catch (IOException e) when (e.Message.Contains("ENOSPC"))
        {
            Syscall.close(fd);
            return false;
        }
    }
}
