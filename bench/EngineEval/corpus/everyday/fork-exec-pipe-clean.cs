// kind: everyday
// Look-alike of fork-exec-pipe: the parent closes the write end right after fork, reads to end of
// file and closes the read end. Clean.
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
        if (pipe2(fds, O_CLOEXEC) < 0) throw new InvalidOperationException("pipe2");
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
        close(fds[1]);
        var output = new StringBuilder();
        var buffer = new byte[4096];
        nint n;
        while ((n = read(fds[0], buffer, buffer.Length)) > 0) output.Append(Encoding.UTF8.GetString(buffer, 0, (int)n));
        close(fds[0]);
        waitpid(pid, out _, 0);
        return output.ToString();
    }
}
