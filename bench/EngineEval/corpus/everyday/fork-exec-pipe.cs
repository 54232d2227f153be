// kind: everyday
// Run starts a child with fork/exec and reads its standard output from a pipe made with pipe2
// (O_CLOEXEC). The parent forgets to close its copy of the write end, so it never sees end of file
// once the child exits, and the descriptor leaks (FDS0003 at pipe2, for the write end; the read end
// is closed). In the child, dup2 puts the write end on 1 and _exit ends the process.
using System;
using System.Runtime.InteropServices;
using System.Text;

public static class Child
{
    [DllImport("libc", SetLastError = true)] private static extern int pipe2(int[] fds, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int fork();
    [DllImport("libc", SetLastError = true)] private static extern int dup2(int oldfd, int newfd);
    [DllImport("libc", SetLastError = true)] private static extern int execvp(string file, string?[] argv);
    [DllImport("libc")] private static extern void _exit(int status);
    [DllImport("libc", SetLastError = true)] private static extern nint read(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int waitpid(int pid, out int status, int options);

    private const int O_CLOEXEC = 0x80000;

    public static string Run(string program)
    {
        var fds = new int[2];
        if (pipe2(fds, O_CLOEXEC) < 0) throw new InvalidOperationException("pipe2"); // expect: FDS0003
        int pid = fork();
        if (pid < 0)
        {
            close(fds[0]);
            close(fds[1]);
            throw new InvalidOperationException("fork");
        }
        if (pid == 0)
        {
            if (dup2(fds[1], 1) < 0) _exit(126);
            execvp(program, new[] { program, null });
            _exit(127);
        }
        var output = new StringBuilder();
        var buffer = new byte[4096];
        nint n;
        while ((n = read(fds[0], buffer, buffer.Length)) > 0) output.Append(Encoding.UTF8.GetString(buffer, 0, (int)n));
        close(fds[0]);
        waitpid(pid, out _, 0);
        return output.ToString();
    }
}
