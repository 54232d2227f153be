// kind: catches
// Look-alike of when-filter: the filtered catch is followed by a catch of every other IOException,
// which closes and rethrows. Clean.
using System;
using System.IO;
using Mono.Unix.Native;

public static class Spool
{
    public static unsafe bool Append(string path, byte[] record)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC);
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
        catch (IOException)
        {
            Syscall.close(fd);
            throw;
        }
    }
}
