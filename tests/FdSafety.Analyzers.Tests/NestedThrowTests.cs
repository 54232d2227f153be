using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// A throw inside a lambda, local function, async lambda or iterator leaves through that body's own
    /// regions only. These programs once overflowed the stack (the nested graph's throw ran the enclosing
    /// method's finally regions, whose blocks were then looked up in the nested graph) or failed with an
    /// IndexOutOfRangeException that hid the method's findings. Every analyzer runs on each program with
    /// the internal error path hooked, so a failure fails the test (AD0001), and the descriptor's own
    /// findings must be exactly right.
    /// </summary>
    [Trait("Category", "Robustness")]
    public class NestedThrowTests
    {
        private const int Timeout = 120_000;

        [Fact(Timeout = Timeout)]
        public Task ThrowInSwitchArmOfLambdaInsideUsingBlock() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
public static class C
{
    public static void Register(string path, int mode, Action<Func<int>> sink)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using (var g = new System.IO.MemoryStream())
        {
            sink(() => mode switch { 0 => fd, 1 => throw new InvalidOperationException(), _ => -1 });
        }
        Syscall.close(fd);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task ThrowInLambdaAfterUsingDeclaration() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
public static class C
{
    public static void M(string path, Action<Action<bool>> register)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        using var guard = new System.IO.MemoryStream();
        register(b => { if (b) throw new InvalidOperationException(""handler""); });
        Syscall.close(fd);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task ThrowInLambdaAfterUsingDeclarationStillFindsTheLeak() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
public static class C
{
    public static void M(string path, Action<Action<bool>> register)
    {
        int fd = {|FDS0003:Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        using var guard = new System.IO.MemoryStream();
        register(b => { if (b) throw new InvalidOperationException(""handler""); });
        if (path.Length > 3) return;
        Syscall.close(fd);
    }
}");

        [Fact(Timeout = Timeout)]
        public Task DescriptorInsideTheLambdaLeaksThroughTheLambdasOwnThrow() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
public static class C
{
    public static void M(string path, Action<Action<bool>> register)
    {
        using (var guard = new System.IO.MemoryStream())
        {
            register(b =>
            {
                int fd = {|FDS0003:Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
                if (fd < 0) return;
                if (b) throw new InvalidOperationException(""handler"");
                Syscall.close(fd);
            });
        }
    }
}");

        [Fact(Timeout = Timeout)]
        public Task DescriptorInsideTheLambdaClosedByItsOwnFinally() => AllAnalyzers.VerifyAsync(@"
using System;
using Mono.Unix.Native;
public static class C
{
    public static void M(string path, Action<Action<bool>> register)
    {
        using (var guard = new System.IO.MemoryStream())
        {
            try
            {
                register(b =>
                {
                    int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                    if (fd < 0) return;
                    try
                    {
                        if (b) throw new InvalidOperationException(""handler"");
                    }
                    finally
                    {
                        Syscall.close(fd);
                    }
                });
            }
            finally
            {
                Console.WriteLine(""done"");
            }
        }
    }
}");

        // ---- the family: each throwing body, inside each chain of regions, in methods with and without descriptors ----

        /// <summary>Statements that contain a throw in a nested body (lambda, local function, async lambda, iterator).</summary>
        private static readonly (string Name, string Code)[] Throwers =
        {
            ("switch-arm lambda", "Func<int> f = () => mode switch { 0 => 1, 1 => throw new InvalidOperationException(), _ => -1 }; sink(f);"),
            ("statement lambda", "Action<bool> a = b => { if (b) throw new InvalidOperationException(\"x\"); }; a(false);"),
            ("expression lambda", "Action t = () => throw new InvalidOperationException(); if (mode > 9) t();"),
            ("local function", "void Local(bool b) { if (b) throw new InvalidOperationException(); } Local(mode > 9);"),
            ("static local function with finally", "static int Local(int m) { try { if (m > 1) throw new ArgumentException(); return m; } finally { Console.WriteLine(m); } } Local(mode);"),
            ("async lambda", "Func<Task> t = async () => { await Task.Yield(); throw new InvalidOperationException(); }; _ = t;"),
            ("iterator", "IEnumerable<int> It() { yield return 1; if (mode > 0) throw new InvalidOperationException(); yield return 2; } foreach (var i in It()) Console.WriteLine(i);"),
            ("lambda in lambda", "Action outer = () => { using (var m = new System.IO.MemoryStream()) { Action inner = () => throw new InvalidOperationException(); if (mode > 2) inner(); } }; outer();"),
            ("rethrow in lambda", "Action r = () => { try { Console.WriteLine(); } catch (InvalidOperationException) { throw; } }; r();"),
            ("throw in lambda's finally", "Action q = () => { try { Console.WriteLine(); } finally { if (mode > 5) throw new InvalidOperationException(); } }; q();"),
        };

        /// <summary>Regions around the throwing statement: a using block, a using declaration, try/finally, try/catch when, lock, foreach.</summary>
        private static readonly (string Name, string Open, string Close)[] Wrappers =
        {
            ("using", "using (var g = new System.IO.MemoryStream()) {", "}"),
            ("using declaration", "{ using var d = new System.IO.MemoryStream();", "}"),
            ("try/finally", "try {", "} finally { Console.WriteLine(\"finally\"); }"),
            ("try/catch when", "try {", "} catch (InvalidOperationException e) when (e.Message.Length > 0) { Console.WriteLine(e.Message); }"),
            ("lock", "lock (Gate) {", "}"),
            ("foreach", "foreach (var item in items) {", "}"),
        };

        public static TheoryData<int, int, int> Programs()
        {
            var data = new TheoryData<int, int, int>();
            for (int t = 0; t < Throwers.Length; t++)
            {
                for (int w = 0; w < Wrappers.Length; w++)
                {
                    foreach (var depth in new[] { 1, 2, 4 })
                    {
                        data.Add(t, w, depth);
                    }
                }
            }
            return data;
        }

        [Theory(Timeout = Timeout)]
        [MemberData(nameof(Programs))]
        public Task NestedThrowIsAnalyzedWithTheRightFindings(int thrower, int wrapper, int depth)
        {
            // The chain starts at the given wrapper and goes round the list, so deeper chains mix region kinds.
            var chain = Enumerable.Range(0, depth).Select(i => Wrappers[(wrapper + i) % Wrappers.Length]).ToList();
            string Wrapped(string inner)
            {
                var code = new StringBuilder();
                foreach (var w in chain) code.Append(w.Open).Append('\n');
                code.Append(inner).Append('\n');
                foreach (var w in Enumerable.Reverse(chain)) code.Append(w.Close).Append('\n');
                return code.ToString();
            }

            string throwing = Throwers[thrower].Code;
            string source = @"
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Mono.Unix.Native;
public static class C
{
    private static readonly object Gate = new object();

    // No descriptor at all: nothing to report.
    public static void NoDescriptor(int mode, IEnumerable<int> items, Action<Func<int>> sink)
    {
" + Wrapped(throwing) + @"
    }

    // Opened, checked, closed after the regions: clean.
    public static void Closed(string path, int mode, IEnumerable<int> items, Action<Func<int>> sink)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
" + Wrapped(throwing) + @"
        Syscall.close(fd);
    }

    // Opened, checked, closed in a finally around the regions: clean.
    public static void ClosedInFinally(string path, int mode, IEnumerable<int> items, Action<Func<int>> sink)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        try
        {
" + Wrapped(throwing) + @"
        }
        finally
        {
            Syscall.close(fd);
        }
    }

    // Never closed: one leak, whatever the nested body does.
    public static void Leaked(string path, int mode, IEnumerable<int> items, Action<Func<int>> sink)
    {
        int fd = {|FDS0003:Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
" + Wrapped(throwing) + @"
        Syscall.fsync(fd);
    }
}";
            return AllAnalyzers.VerifyAsync(source);
        }
    }
}
