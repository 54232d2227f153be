// kind: iterators
// OpenAll yields each descriptor it opens to the consumer, who owns it from then on (yielding a value
// hands it on, like returning it). Nothing is open in the iterator itself at a yield return. The
// consumer, CountRegular, closes each one. Clean.
using System;
using System.Collections.Generic;
using Mono.Unix.Native;

public static class Batch
{
    public static IEnumerable<int> OpenAll(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd >= 0) yield return fd;
        }
    }

    public static int CountRegular(IEnumerable<string> paths)
    {
        int count = 0;
        foreach (int fd in OpenAll(paths))
        {
            if (Syscall.fstat(fd, out Stat st) == 0 && (st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFREG) count++;
            Syscall.close(fd);
        }
        return count;
    }
}
