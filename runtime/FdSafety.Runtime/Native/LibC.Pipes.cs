using System.Runtime.InteropServices;

namespace FdSafety.Native;

internal static partial class LibC
{
    /// <summary><c>int pipe2(int pipefd[2], int flags)</c>, pipe2(2). Fills read end, then write end.</summary>
    [DllImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    internal static extern unsafe int pipe2(int* pipefd, int flags);
}
