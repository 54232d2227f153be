// kind: switch
// Look-alike of arm-closes: no arm closes; the command only uses the descriptor and the close after
// the switch is the only one. Clean.
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
            "datasync" => Syscall.fdatasync(fd),
            _ => 0,
        };
        Syscall.close(fd);
        return rc;
    }
}
