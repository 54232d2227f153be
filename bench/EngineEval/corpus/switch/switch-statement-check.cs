// kind: switch
// The failure check of open is a switch statement on the descriptor: `case < 0` returns, so the
// default section has a valid descriptor, which it uses and closes. Clean.
using System;
using Mono.Unix.Native;

public static class Sync
{
    public static int File(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        switch (fd)
        {
            case < 0:
                Console.Error.WriteLine($"sync: {path}: {Stdlib.GetLastError()}");
                return 1;
            default:
                int rc = Syscall.fsync(fd);
                Syscall.close(fd);
                return rc == 0 ? 0 : 1;
        }
    }
}
