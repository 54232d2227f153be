using System.Runtime.InteropServices;
using FdSafety.Native;

namespace FdSafety;

public static partial class Fd
{
    /// <summary>
    /// Creates a pipe: <c>pipe2(fds, O_CLOEXEC)</c>. Both owner objects are allocated before the system
    /// call, so an out-of-memory afterwards cannot leak the two new descriptors. See pipe(2).
    /// </summary>
    /// <returns>The read end first, then the write end, as pipe(2) fills its array; the caller owns both.</returns>
    /// <exception cref="PosixException">pipe2 failed, e.g. <c>EMFILE</c>.</exception>
    public static unsafe (OwnedFd Read, OwnedFd Write) Pipe()
    {
        var read = new OwnedFd();
        var write = new OwnedFd();
        int* fds = stackalloc int[2];
        int rc = LibC.pipe2(fds, LibC.O_CLOEXEC);
        int errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (rc < 0)
        {
            read.Dispose();
            write.Dispose();
            throw Errors.Exception(errno, "pipe2");
        }

        read.Adopt(fds[0]);
        write.Adopt(fds[1]);
        return (read, write);
    }
}
