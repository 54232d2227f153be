// kind: everyday
// Process control with pids, signals and exit codes stored in fields and passed through methods:
// none of these integers is a descriptor, so nothing is FDS0004. Clean.
using System;
using System.Runtime.InteropServices;
using Mono.Unix.Native;

public sealed class ChildProcess
{
    [DllImport("libc", SetLastError = true)] private static extern int waitpid(int pid, out int status, int options);

    private readonly int _pid;
    private int _exitCode = -1;

    public ChildProcess(int pid) => _pid = pid;

    public int Pid => _pid;

    public bool Signal(Signum signal) => Syscall.kill(_pid, signal) == 0;

    public int Wait(int options)
    {
        if (waitpid(_pid, out int status, options) == _pid) _exitCode = (status >> 8) & 0xff;
        return _exitCode;
    }

    public static int Terminate(int pid, int graceMs)
    {
        var child = new ChildProcess(pid);
        child.Signal(Signum.SIGTERM);
        System.Threading.Thread.Sleep(graceMs);
        return child.Wait(0);
    }
}
