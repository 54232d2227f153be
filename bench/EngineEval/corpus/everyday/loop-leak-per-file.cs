// kind: everyday
// CountExecutables opens each path to fstat it and counts the executable ones, but forgets the close:
// every pass of the loop loses the previous descriptor (FDS0003 at the open).
using System;
using System.Collections.Generic;
using Mono.Unix.Native;

public static class Scan
{
    public static int CountExecutables(IEnumerable<string> paths)
    {
        int count = 0;
        foreach (var path in paths)
        {
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
            if (fd < 0) continue;
            if (Syscall.fstat(fd, out Stat st) == 0 && (st.st_mode & FilePermissions.S_IXUSR) != 0) count++;
        }
        return count;
    }
}
