// kind: switch
// Control.Apply runs one command on the descriptor through a switch expression; the "close" arm
// closes it. The unconditional close after the switch then closes it a second time on that arm
// (FDS0001, on some path).
using System;
using Mono.Unix.Native;

public static class Control
{
    public static int Apply(string path, string command)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        int rc = command switch
        {
            "sync" => Syscall.fsync(fd),
            "truncate" => Syscall.ftruncate(fd, 0),
            "close" => Syscall.close(fd),
            _ => 0,
        };
        Syscall.close(fd); // expect: FDS0001
        return rc;
    }
}
