// kind: lambdas
// Descriptors are opened in a Select lambda (which returns each one, handing it on) and collected
// into an array; every valid element is closed in the finally. Clean.
using System;
using System.Linq;
using Mono.Unix.Native;

public static class Many
{
    public static int CountOpenable(string[] paths)
    {
        int[] fds = paths.Select(p => Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)).ToArray();
        try
        {
            return fds.Count(fd => fd >= 0);
        }
        finally
        {
            foreach (int fd in fds)
            {
                if (fd >= 0) Syscall.close(fd);
            }
        }
    }
}
