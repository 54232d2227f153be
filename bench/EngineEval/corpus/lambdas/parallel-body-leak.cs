// kind: lambdas
// A Parallel.ForEach body opens each file and returns early for empty files without closing: the leak
// is inside the lambda's own body (FDS0003 at the open).
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Mono.Unix.Native;

public static class Sizes
{
    public static long Total(IEnumerable<string> paths)
    {
        long total = 0;
        Parallel.ForEach(paths, path =>
        {
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
            if (fd < 0) return;
            long end = Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
            if (end <= 0) return;
            Interlocked.Add(ref total, end);
            Syscall.close(fd);
        });
        return total;
    }
}
