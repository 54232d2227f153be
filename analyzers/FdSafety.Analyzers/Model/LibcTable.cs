using System;
using System.Collections.Generic;

namespace FdSafety.Analyzers.Model
{
    /// <summary>
    /// The libc calls the analyzer knows by entry-point name, whichever binding reaches them
    /// (Mono.Posix's Syscall, a [DllImport("libc")] or [LibraryImport] declaration, Tmds.Linux.LibC).
    /// </summary>
    internal static class LibcTable
    {
        /// <summary>Calls whose return value is a new descriptor, -1 on failure.</summary>
        public static readonly HashSet<string> AcquireReturn = new HashSet<string>(StringComparer.Ordinal)
        {
            "open", "open64", "openat", "openat64", "creat", "creat64", "dup", "socket", "accept", "accept4",
            "epoll_create", "epoll_create1", "eventfd", "inotify_init", "inotify_init1", "timerfd_create",
            "signalfd", "memfd_create", "mkstemp", "mkstemp64", "mkostemp", "mkstemps", "mkostemps", "shm_open",
            "posix_openpt", "fanotify_init", "userfaultfd", "pidfd_open", "open_by_handle_at", "memfd_secret",
        };

        /// <summary>Calls that fill a two-element int array with new descriptors: argument index of the array.</summary>
        public static readonly Dictionary<string, int> AcquireArray = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["pipe"] = 0, ["pipe2"] = 0, ["socketpair"] = 3,
        };

        /// <summary>Calls whose array or out results are a pipe: element 0 reads, element 1 writes.</summary>
        public static readonly HashSet<string> PipeLike = new HashSet<string>(StringComparer.Ordinal) { "pipe", "pipe2" };

        /// <summary>Calls that return the descriptor passed at an argument (dup2 returns newfd).</summary>
        public static readonly Dictionary<string, int> ReturnsArgument = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["dup2"] = 1, ["dup3"] = 1,
        };

        public static readonly HashSet<string> Close = new HashSet<string>(StringComparer.Ordinal) { "close" };

        /// <summary>Calls that take ownership of the descriptor into a stdio/dir stream.</summary>
        public static readonly HashSet<string> TransferFirst = new HashSet<string>(StringComparer.Ordinal) { "fdopen", "fdopendir" };

        /// <summary>Calls that use descriptors: argument indices.</summary>
        public static readonly Dictionary<string, int[]> Use = new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            ["read"] = new[] { 0 }, ["write"] = new[] { 0 }, ["pread"] = new[] { 0 }, ["pread64"] = new[] { 0 },
            ["pwrite"] = new[] { 0 }, ["pwrite64"] = new[] { 0 }, ["readv"] = new[] { 0 }, ["writev"] = new[] { 0 },
            ["preadv"] = new[] { 0 }, ["pwritev"] = new[] { 0 }, ["lseek"] = new[] { 0 }, ["lseek64"] = new[] { 0 },
            ["fstat"] = new[] { 0 }, ["fstat64"] = new[] { 0 }, ["fsync"] = new[] { 0 }, ["fdatasync"] = new[] { 0 },
            ["ftruncate"] = new[] { 0 }, ["ftruncate64"] = new[] { 0 }, ["fcntl"] = new[] { 0 }, ["ioctl"] = new[] { 0 },
            ["dup"] = new[] { 0 }, ["dup2"] = new[] { 0 }, ["dup3"] = new[] { 0 }, ["mmap"] = new[] { 4 }, ["mmap64"] = new[] { 4 },
            ["send"] = new[] { 0 }, ["recv"] = new[] { 0 }, ["sendto"] = new[] { 0 }, ["recvfrom"] = new[] { 0 },
            ["sendmsg"] = new[] { 0 }, ["recvmsg"] = new[] { 0 }, ["bind"] = new[] { 0 }, ["listen"] = new[] { 0 },
            ["connect"] = new[] { 0 }, ["accept"] = new[] { 0 }, ["accept4"] = new[] { 0 }, ["shutdown"] = new[] { 0 },
            ["getsockopt"] = new[] { 0 }, ["setsockopt"] = new[] { 0 }, ["getsockname"] = new[] { 0 }, ["getpeername"] = new[] { 0 },
            ["epoll_ctl"] = new[] { 0, 2 }, ["epoll_wait"] = new[] { 0 }, ["epoll_pwait"] = new[] { 0 },
            ["fchmod"] = new[] { 0 }, ["fchown"] = new[] { 0 }, ["fchdir"] = new[] { 0 }, ["fstatfs"] = new[] { 0 },
            ["fstatvfs"] = new[] { 0 }, ["posix_fadvise"] = new[] { 0 }, ["posix_fallocate"] = new[] { 0 },
            ["fallocate"] = new[] { 0 }, ["flock"] = new[] { 0 }, ["lockf"] = new[] { 0 }, ["isatty"] = new[] { 0 },
            ["ttyname"] = new[] { 0 }, ["tcgetattr"] = new[] { 0 }, ["tcsetattr"] = new[] { 0 }, ["futimens"] = new[] { 0 },
            ["fsetxattr"] = new[] { 0 }, ["fgetxattr"] = new[] { 0 }, ["getdents"] = new[] { 0 }, ["getdents64"] = new[] { 0 },
            ["openat"] = new[] { 0 }, ["mkdirat"] = new[] { 0 }, ["unlinkat"] = new[] { 0 }, ["renameat"] = new[] { 0, 2 },
            ["linkat"] = new[] { 0, 2 }, ["symlinkat"] = new[] { 1 }, ["readlinkat"] = new[] { 0 }, ["fchmodat"] = new[] { 0 },
            ["fchownat"] = new[] { 0 }, ["faccessat"] = new[] { 0 }, ["utimensat"] = new[] { 0 }, ["fstatat"] = new[] { 0 },
            ["sendfile"] = new[] { 0, 1 }, ["sendfile64"] = new[] { 0, 1 }, ["splice"] = new[] { 0, 2 }, ["tee"] = new[] { 0, 1 },
            ["copy_file_range"] = new[] { 0, 2 }, ["timerfd_settime"] = new[] { 0 }, ["timerfd_gettime"] = new[] { 0 },
            ["inotify_add_watch"] = new[] { 0 }, ["inotify_rm_watch"] = new[] { 0 }, ["eventfd_read"] = new[] { 0 },
            ["eventfd_write"] = new[] { 0 }, ["syncfs"] = new[] { 0 }, ["sync_file_range"] = new[] { 0 },
            ["posix_fadvise64"] = new[] { 0 }, ["flistxattr"] = new[] { 0 },
        };

        /// <summary>Calls that read from the descriptor at argument 0.</summary>
        public static readonly HashSet<string> Reads = new HashSet<string>(StringComparer.Ordinal)
        {
            "read", "pread", "pread64", "readv", "preadv", "recv", "recvfrom", "recvmsg",
        };

        /// <summary>Calls that write to the descriptor at argument 0.</summary>
        public static readonly HashSet<string> Writes = new HashSet<string>(StringComparer.Ordinal)
        {
            "write", "pwrite", "pwrite64", "writev", "pwritev", "send", "sendto", "sendmsg",
        };

        /// <summary>Calls that copy between two descriptors: (argument read from, argument written to).</summary>
        public static readonly Dictionary<string, (int Read, int Write)> Copies = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
        {
            ["sendfile"] = (1, 0), ["sendfile64"] = (1, 0), ["splice"] = (0, 2), ["tee"] = (0, 1), ["copy_file_range"] = (0, 2),
        };

        /// <summary>Library names that mean the C library in a [DllImport] or [LibraryImport].</summary>
        public static bool IsLibc(string? library)
        {
            if (string.IsNullOrEmpty(library)) return false;
            var name = library!;
            int slash = name.LastIndexOf('/');
            if (slash >= 0) name = name.Substring(slash + 1);
            switch (name)
            {
                case "libc": case "c": case "libc.so": case "libc.so.6": case "libc.so.7": case "libSystem":
                case "libSystem.dylib": case "libc.dylib": case "msvcrt": case "libSystem.B.dylib":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A parameter name that by convention carries a descriptor, for libc calls the table does not list.</summary>
        public static bool IsDescriptorParameterName(string name)
        {
            var n = name.ToLowerInvariant();
            return n == "fd" || n == "fildes" || n == "filedes" || n == "sockfd" || n == "epfd" || n == "dirfd"
                || n == "oldfd" || n == "newfd" || n == "in_fd" || n == "out_fd" || n == "fd_in" || n == "fd_out"
                || n == "filedescriptor" || n == "sock" || (n.EndsWith("fd", StringComparison.Ordinal) && n.Length <= 8);
        }
    }
}
