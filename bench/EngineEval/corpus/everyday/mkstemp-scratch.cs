// kind: everyday
// Scratch makes a temporary file with mkstemp, which cannot set close-on-exec (FDS0007 at mkstemp;
// mkostemp with O_CLOEXEC is the fix). The file is unlinked and the descriptor closed. 
using System;
using System.Text;
using Mono.Unix.Native;

public static class Scratch
{
    public static long Probe()
    {
        var template = new StringBuilder("/tmp/probe-XXXXXX");
        int fd = Syscall.mkstemp(template); // expect: FDS0007
        if (fd < 0) return -1;
        Syscall.unlink(template.ToString());
        long pos = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
        Syscall.close(fd);
        return pos;
    }
}
