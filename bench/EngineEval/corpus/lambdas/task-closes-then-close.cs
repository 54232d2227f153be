// kind: lambdas
// Cleanup runs a closing lambda on the thread pool and waits for it, then closes the same descriptor
// again: closed twice (FDS0001 at the second close). docs/rules.md: a close inside a lambda is not
// connected to closes outside it (the lambda hands the descriptor on) -- a documented limit.
using System;
using System.Threading.Tasks;
using Mono.Unix.Native;

public static class Cleanup
{
    public static void Run(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Task.Run(() => Syscall.close(fd)).Wait();
        Syscall.close(fd); // expect: FDS0001
    }
}
