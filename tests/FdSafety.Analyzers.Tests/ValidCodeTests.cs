using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Correct descriptor code in the styles the analyzer has to accept — raw Mono.Posix calls with their
    /// checks, libc P/Invoke, the runtime's owned and borrowed types, the attributed raw layer — run
    /// through every analyzer in the package. Any diagnostic is a false positive.
    /// </summary>
    [Trait("Category", "ValidCode")]
    public class ValidCodeTests
    {
        // ---- the harness itself ----

        [Fact]
        public void EveryRuleWithAnAnalyzerIsInTheSet()
        {
            var ids = AllAnalyzers.Create().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
            foreach (var id in new[] { "FDS0001", "FDS0002", "FDS0003", "FDS0004", "FDS0005", "FDS0006", "FDS0007", "FDS0008", "FDS0009" })
            {
                Assert.Contains(id, ids);
            }
        }

        [Fact]
        public Task HarnessReportsEachAnalyzersFindings() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
class C
{
    static void M(string p)
    {
        int fd = {|FDS0003:{|FDS0007:Syscall.open(p, OpenFlags.O_RDONLY)|}|};
        Syscall.fsync({|FDS0005:fd|});
        {|FDS0006:Syscall.close(1)|};
    }
}");

        [Fact]
        public async Task HarnessFailsWhenAnAnalyzerThrows()
        {
            var test = new AllAnalyzers.Test(new[] { new ThrowingAnalyzer() }) { TestCode = "class C { void M() { } }" };
            await Assert.ThrowsAnyAsync<Exception>(() => test.RunAsync(CancellationToken.None));
        }

        // ---- raw Mono.Posix ----

        [Fact]
        public Task RawCatWithPartialWrites() => AllAnalyzers.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
using Mono.Unix.Native;
static class Cat
{
    public static int CopyToStdout(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        IntPtr buf = Marshal.AllocHGlobal(4096);
        try
        {
            for (;;)
            {
                long n = Syscall.read(fd, buf, 4096);
                if (n < 0) return -1;
                if (n == 0) return 0;
                long done = 0;
                while (done < n)
                {
                    long w = Syscall.write(1, buf + (int)done, (ulong)(n - done));
                    if (w < 0) return -1;
                    done += w;
                }
            }
        }
        finally
        {
            Marshal.FreeHGlobal(buf);
            Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task RawSentinelInitialisedBeforeTry() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
static class Files
{
    public static long Size(string path)
    {
        int fd = -1;
        try
        {
            fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) return -1;
            if (Syscall.fstat(fd, out Stat st) < 0) return -1;
            return st.st_size;
        }
        finally
        {
            if (fd >= 0) Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task RawLoopOverFilesWithContinue() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
static class Sync
{
    public static int Main(string[] args)
    {
        int status = 0;
        foreach (var path in args)
        {
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd == -1)
            {
                Console.Error.WriteLine(""sync: "" + path + "": "" + Stdlib.strerror(Stdlib.GetLastError()));
                status = 1;
                continue;
            }
            if (Syscall.fsync(fd) < 0) status = 1;
            Syscall.close(fd);
        }
        return status;
    }
}");

        [Fact]
        public Task RawCheckFormsOfEveryKind() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
static class Checks
{
    const OpenFlags Read = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC;

    public static void M(string p)
    {
        int a = Syscall.open(p, Read);
        if (a is < 0) return;
        int b = Syscall.open(p, Read);
        if (-1 == b) { Syscall.close(a); return; }
        int c = Syscall.open(p, Read);
        bool ok = c >= 0;
        if (!ok) { Syscall.close(a); Syscall.close(b); return; }
        Syscall.fsync(a);
        Syscall.fsync(b);
        Syscall.fsync(c);
        Syscall.close(c);
        Syscall.close(b);
        Syscall.close(a);
        int d = Syscall.open(p, Read);
        if (d != -1)
        {
            Syscall.fsync(d);
            Syscall.close(d);
        }
    }
}");

        [Fact]
        public Task RawSocketListenAccept4() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
static class Server
{
    public static bool ServeOne(IntPtr reply)
    {
        int s = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0);
        if (s < 0) return false;
        try
        {
            if (Syscall.listen(s, 16) < 0) return false;
            int c = Syscall.accept4(s, null, UnixSocketFlags.SOCK_CLOEXEC);
            if (c < 0) return false;
            try
            {
                long n = Syscall.send(c, reply, 1, 0);
                return n == 1;
            }
            finally
            {
                Syscall.close(c);
            }
        }
        finally
        {
            Syscall.close(s);
        }
    }
}");

        [Fact]
        public Task RawRedirectStdoutWithDup2() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
static class Redirect
{
    public static bool StdoutTo(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) return false;
        bool ok = Syscall.dup2(fd, 1) >= 0;
        Syscall.close(fd);
        return ok;
    }
}");

        [Fact]
        public Task RawDescriptorLentToUnixStream() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix;
using Mono.Unix.Native;
static class Peek
{
    public static int FirstByte(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            using var stream = new UnixStream(fd, false);
            return stream.ReadByte();
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}");

        [Fact]
        public Task RawDescriptorGivenToUnixStream() => AllAnalyzers.VerifyAsync(@"
using System.IO;
using Mono.Unix;
using Mono.Unix.Native;
static class Streams
{
    public static Stream OpenRead(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new IOException(""cannot open "" + path);
        return new UnixStream(fd, true);
    }
}");

        [Fact]
        public Task SafeFileHandleNumberUsedNotClosed() => AllAnalyzers.VerifyAsync(@"
using System.IO;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
static class Handles
{
    public static long Size(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path);
        int fd = (int)handle.DangerousGetHandle();
        return Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;
    }
}");

        // ---- libc P/Invoke ----

        [Fact]
        public Task DllImportPipe2RoundTrip() => AllAnalyzers.VerifyAsync(@"
using System;
using System.Runtime.InteropServices;
static class Native
{
    const int O_CLOEXEC = 0x80000;

    [DllImport(""libc"", SetLastError = true)]
    static extern int pipe2(int[] fds, int flags);
    [DllImport(""libc"", SetLastError = true)]
    static extern nint read(int fd, IntPtr buf, nint count);
    [DllImport(""libc"", SetLastError = true)]
    static extern nint write(int fd, IntPtr buf, nint count);
    [DllImport(""libc"", SetLastError = true)]
    static extern int close(int fd);

    public static bool RoundTrip(IntPtr buf)
    {
        int[] fds = new int[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return false;
        try
        {
            nint n = write(fds[1], buf, 1);
            if (n != 1) return false;
            n = read(fds[0], buf, 1);
            return n == 1;
        }
        finally
        {
            close(fds[0]);
            close(fds[1]);
        }
    }
}");

        // ---- the attributed raw layer ----

        [Fact]
        public Task AttributedRawHelpers() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
static class Raw
{
    [AcquiresFd]
    static int OpenRead(string path) => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);

    static void CloseQuietly([ReleasesFd] int fd)
    {
        Syscall.close(fd);
    }

    static long SizeOf([BorrowsFd] int fd) => Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;

    public static long Size(string path)
    {
        int fd = OpenRead(path);
        if (fd < 0) return -1;
        long size = SizeOf(fd);
        CloseQuietly(fd);
        return size;
    }
}");

        // ---- the runtime ----

        [Fact]
        public Task RuntimeCat() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
using FdSafety;
static class Cat
{
    public static void CopyToStdout(string path)
    {
        using OwnedFd input = Fd.Open(path, OpenFlags.O_RDONLY);
        Span<byte> buf = stackalloc byte[4096];
        int n;
        while ((n = Fd.Read(input, buf)) > 0)
        {
            Fd.WriteAll(BorrowedFd.Stdout, buf.Slice(0, n));
        }
    }
}");

        [Fact]
        public Task RuntimeRawToOwnedAtTheBoundary() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
static class Open
{
    static OwnedFd OpenRaw(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new PosixException(Stdlib.GetLastError(), ""open"", path);
        return OwnedFd.FromRawFd(fd);
    }

    public static void SyncFile(string path)
    {
        using OwnedFd fd = OpenRaw(path);
        Fd.Fsync(fd);
    }
}");

        [Fact]
        public Task RuntimeOwnedToStreamThroughIntoRawFd() => AllAnalyzers.VerifyAsync(@"
using System.IO;
using Mono.Unix;
using Mono.Unix.Native;
using FdSafety;
static class Streams
{
    public static Stream OpenRead(string path)
    {
        OwnedFd fd = Fd.Open(path, OpenFlags.O_RDONLY);
        return new UnixStream(fd.IntoRawFd(), true);
    }
}");

        [Fact]
        public Task RuntimePipe() => AllAnalyzers.VerifyAsync(@"
using FdSafety;
static class Pipes
{
    public static int RoundTrip(byte[] data, byte[] buf)
    {
        var (r, w) = Fd.Pipe();
        using (r)
        {
            using (w)
            {
                Fd.WriteAll(w, data);
            }
            return Fd.Read(r, buf);
        }
    }
}");

        [Fact]
        public Task RuntimeOwnerInADisposableClass() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
using FdSafety;
sealed class LogFile : IDisposable
{
    private readonly OwnedFd _fd;

    public LogFile(string path)
    {
        _fd = Fd.Open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CREAT, FilePermissions.DEFFILEMODE);
    }

    public void Append(ReadOnlySpan<byte> line) => Fd.WriteAll(_fd, line);

    public void Dispose() => _fd.Dispose();
}");

        [Fact]
        public Task RuntimeBorrowedParameterAndStandardStreams() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
using FdSafety;
static class Info
{
    static long SizeOf(BorrowedFd fd) => Fd.Stat(fd).st_size;

    public static void Print(string path)
    {
        using OwnedFd fd = Fd.Open(path, OpenFlags.O_RDONLY);
        Console.WriteLine(SizeOf(fd));
        Console.WriteLine(SizeOf(BorrowedFd.Stdin));
        Fd.WriteAll(BorrowedFd.Stderr, new byte[] { 10 });
    }
}");

        [Fact]
        public Task RuntimeCatchPosixException() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
static class Touch
{
    public static bool TryTouch(string path)
    {
        try
        {
            using OwnedFd fd = Fd.Open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.DEFFILEMODE);
            Fd.Fsync(fd);
            return true;
        }
        catch (PosixException e) when (e.Errno == Errno.EACCES)
        {
            return false;
        }
    }
}");

        [Fact]
        public Task RuntimeCloneAndDup() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
static class Clones
{
    public static long Positions(string path)
    {
        using OwnedFd fd = Fd.Open(path, OpenFlags.O_RDONLY);
        using OwnedFd clone = fd.TryClone();
        using OwnedFd dup = Fd.Dup(fd);
        return Fd.Seek(clone, 0, SeekFlags.SEEK_CUR) + Fd.Seek(dup, 0, SeekFlags.SEEK_END);
    }
}");

        [Fact]
        public Task RuntimeLocalFunctionAndLambda() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
using FdSafety;
static class Nested
{
    public static int M(string path)
    {
        using OwnedFd fd = Fd.Open(path, OpenFlags.O_RDONLY);
        int ReadSome(Span<byte> b) => Fd.Read(fd, b);
        Func<long> size = () => Fd.Stat(fd).st_size;
        Span<byte> buf = stackalloc byte[16];
        return ReadSome(buf) + (int)size();
    }
}");

        [Fact]
        public Task RuntimeAsyncMethod() => AllAnalyzers.VerifyAsync(@"
using System.Threading.Tasks;
using Mono.Unix.Native;
using FdSafety;
static class Async
{
    public static async Task<long> SizeLater(string path)
    {
        using OwnedFd fd = Fd.Open(path, OpenFlags.O_RDONLY);
        await Task.Yield();
        return Fd.Seek(fd, 0, SeekFlags.SEEK_END);
    }
}");

        [Fact]
        public Task RuntimeOwnersKeptInAList() => AllAnalyzers.VerifyAsync(@"
using System.Collections.Generic;
using Mono.Unix.Native;
using FdSafety;
static class Many
{
    public static long TotalSize(string[] paths)
    {
        var open = new List<OwnedFd>();
        try
        {
            foreach (var p in paths) open.Add(Fd.Open(p, OpenFlags.O_RDONLY));
            long total = 0;
            foreach (var fd in open) total += Fd.Stat(fd).st_size;
            return total;
        }
        finally
        {
            foreach (var fd in open) fd.Dispose();
        }
    }
}");

        [Fact]
        public Task RawCatchAroundTryFinally() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
static class Files
{
    public static bool TrySync(string path)
    {
        try
        {
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) return false;
            try
            {
                return Syscall.fsync(fd) == 0;
            }
            finally
            {
                Syscall.close(fd);
            }
        }
        catch (Exception)
        {
            return false;
        }
    }
}");

        [Fact]
        public Task RawReadLoopWithBreak() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
static class Count
{
    public static long Bytes(string path, IntPtr buf)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        long total = 0;
        while (true)
        {
            long n = Syscall.read(fd, buf, 4096);
            if (n <= 0) break;
            total += n;
        }
        Syscall.close(fd);
        return total;
    }
}");

        // The analyzer already takes 0, 1 and 2 for the standard streams; an acquired descriptor equal to 0
        // would need stdin closed at start, so the fd == 0 branch is stdin's and leaks nothing.
        [Fact]
        public Task RawStdinOrFileLikeCat() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
static class Cat
{
    public static int SizeOf(string path)
    {
        int fd = path == ""-"" ? 0 : Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        int rc = Syscall.fstat(fd, out Stat st);
        if (fd != 0) Syscall.close(fd);
        return rc;
    }
}");

        [Fact]
        public Task AttributedTryOpenWithOutParameter() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
static class Try
{
    static bool TryOpen(string path, [AcquiresFd] out int fd)
    {
        fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        return fd >= 0;
    }

    public static void Sync(string path)
    {
        if (!TryOpen(path, out int fd)) return;
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}");

        [Fact]
        public Task RuntimeNullableOwnerDisposedInFinally() => AllAnalyzers.VerifyAsync(@"
#nullable enable
using Mono.Unix.Native;
using FdSafety;
static class Late
{
    public static void Sync(string path, bool really)
    {
        OwnedFd? fd = null;
        try
        {
            if (!really) return;
            fd = Fd.Open(path, OpenFlags.O_RDONLY);
            Fd.Fsync(fd);
        }
        finally
        {
            fd?.Dispose();
        }
    }
}");

        [Fact]
        public Task RuntimeOwnerPassedToAMethodThatDisposesIt() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
static class Consumers
{
    static void Consume(OwnedFd fd)
    {
        using (fd)
        {
            Fd.Fsync(fd);
        }
    }

    public static void M(string path)
    {
        Consume(Fd.Open(path, OpenFlags.O_RDONLY));
    }
}");

        [Fact]
        public Task RawDescriptorGivenToOwningSafeFileHandle() => AllAnalyzers.VerifyAsync(@"
using System;
using System.IO;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
static class Handles
{
    public static long Length(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        using var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        return RandomAccess.GetLength(handle);
    }
}");

        [Fact]
        public Task RuntimeLinuxDescriptorsAndOpenAt() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
static class Linux
{
    public static long M(string dir, string name)
    {
        using OwnedFd d = Fd.Open(dir, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        using OwnedFd f = Fd.OpenAt(d, name, OpenFlags.O_RDONLY);
        using OwnedFd e = Fd.EventFd(0);
        using OwnedFd m = Fd.MemfdCreate(""scratch"");
        using OwnedFd s = Fd.Socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0);
        return Fd.Stat(f).st_size + Fd.Stat(m).st_size;
    }
}");

        [Fact]
        public Task ExceptionPathsOnWithTryFinallyAndUsing() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
using FdSafety;
static class Careful
{
    public static void Raw(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        try
        {
            Syscall.fsync(fd);
            System.Console.WriteLine(path);
        }
        finally
        {
            Syscall.close(fd);
        }
    }

    public static void Owned(string path)
    {
        using OwnedFd fd = Fd.Open(path, OpenFlags.O_RDONLY);
        Fd.Fsync(fd);
        System.Console.WriteLine(path);
    }
}", editorConfig: "fdsafety.exception_paths = true");

        [Fact]
        public Task ExceptionPathsOnStillReportsACallBetweenOpenAndTry() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
static class Careless
{
    public static void Raw(string path)
    {
        int fd = {|FDS0003:Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        System.Console.WriteLine(path);
        try
        {
            Syscall.fsync(fd);
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}", editorConfig: "fdsafety.exception_paths = true");

        [Fact]
        public Task RawLayerNamedInOptions() => AllAnalyzers.VerifyAsync(@"
using Mono.Unix.Native;
namespace Lib
{
    static class Raw
    {
        public static int OpenIt(string path) => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);

        public static void Shut(int fd, bool quiet)
        {
            if (Syscall.close(fd) < 0 && !quiet) System.Console.Error.WriteLine(""close failed"");
        }

        public static long Size(int fd) => Syscall.fstat(fd, out Stat st) == 0 ? st.st_size : -1;
    }

    static class User
    {
        public static long M(string path)
        {
            int fd = Raw.OpenIt(path);
            if (fd < 0) return -1;
            long size = Raw.Size(fd);
            Raw.Shut(fd, quiet: true);
            return size;
        }
    }
}", editorConfig: "fdsafety.acquire_methods = M:Lib.Raw.OpenIt(System.String)\n"
            + "fdsafety.release_methods = M:Lib.Raw.Shut(System.Int32,System.Boolean)\n"
            + "fdsafety.borrow_methods = M:Lib.Raw.Size(System.Int32)\n");

        [Fact]
        public Task NoDescriptorsAtAll() => AllAnalyzers.VerifyAsync(@"
using System;
using System.IO;
static class Plain
{
    static int _count;
    public static int Count { get => _count; set => _count = value; }

    public static int Add(int a, int b) => a + b;

    public static string Read(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadToEnd();
    }

    public static void Main()
    {
        int x = 0;
        Count = Add(x, 1);
        Console.WriteLine(Count);
    }
}");

        // A broken analyzer, to show the harness fails on it.
#pragma warning disable RS1001, RS2008 // test-only stand-in: no [DiagnosticAnalyzer] attribute, so the compiler never loads it
        private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
                "TST0001", "t", "t", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterOperationBlockAction(_ => throw new InvalidOperationException("boom"));
            }
        }
#pragma warning restore RS1001, RS2008
    }

    /// <summary>
    /// Runs every analyzer of the FdSafety.Analyzers assembly (each non-abstract DiagnosticAnalyzer with a
    /// public parameterless constructor) over one source, with the shared test references. Internal
    /// failures of the flow analysis are rethrown, so they surface as AD0001 and fail the test.
    /// </summary>
    internal static class AllAnalyzers
    {
        public static ImmutableArray<DiagnosticAnalyzer> Create() =>
            typeof(FdSafety.Analyzers.Rules.FlowRuleAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
            VerifyAsync(source, editorConfig: null, expected);

        public static Task VerifyAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
        {
            var test = new Test(Create()) { TestCode = source };
            if (editorConfig != null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
            }
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>Source with compiler errors: the errors are not compared; analyzer diagnostics (AD0001 among them) still are.</summary>
        public static Task VerifyBrokenAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test(Create()) { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpAnalyzerTest<FdSafety.Analyzers.Rules.LeakAnalyzer, DefaultVerifier>
        {
            private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

            public Test(IEnumerable<DiagnosticAnalyzer> analyzers)
            {
                _analyzers = analyzers.ToImmutableArray();
                ReferenceAssemblies = TestReferences.Assemblies;
                TestState.AdditionalReferences.AddRange(TestReferences.All);
                TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck;
                FdSafety.Analyzers.Flow.CompilationAnalysis.InternalError = e => throw new InvalidOperationException("FdSafety analysis failed: " + e, e);
            }

            protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;
        }
    }
}
