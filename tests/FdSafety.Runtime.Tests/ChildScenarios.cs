using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Mono.Unix.Native;

namespace FdSafety.Runtime.Tests;

/// <summary>
/// The entry point of this assembly when a test starts it as a child process (<see cref="ChildProcess"/>):
/// <c>dotnet exec FdSafety.Runtime.Tests.dll SCENARIO [ARGS]</c>. Each scenario prints what it saw on
/// standard output for the parent test to compare; exit 0 means it ran to the end.
/// </summary>
public static class ChildScenarios
{
    /// <summary>The creating calls the EMFILE scenario runs with a full descriptor table (keys of <see cref="CreatingCalls"/>).</summary>
    public static readonly string[] EmfileCovered =
    {
        "Fd.Dup(BorrowedFd)",
        "Fd.EventFd(UInt32)",
        "Fd.MemfdCreate(String)",
        "Fd.Open(String, OpenFlags, FilePermissions)",
        "Fd.OpenAt(BorrowedFd, String, OpenFlags, FilePermissions)",
        "Fd.Pipe()",
        "Fd.Socket(UnixAddressFamily, UnixSocketType, UnixSocketProtocol)",
        "Fd.SocketPair(UnixAddressFamily, UnixSocketType, UnixSocketProtocol)",
        "OwnedFd.TryClone()",
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: FdSafety.Runtime.Tests SCENARIO [ARGS]");
            return 2;
        }

        try
        {
            switch (args[0])
            {
                case "closed-elsewhere":
                    return ClosedElsewhere();
                case "strict-by-switch":
                    AppContext.SetSwitch(OwnedFd.StrictOwnershipSwitch, true);
                    return ClosedElsewhere();
                case "reused-on-borrow":
                    return Reused(dispose: false);
                case "reused-on-close":
                    return Reused(dispose: true);
                case "strict-clean":
                    return StrictClean();
                case "emfile":
                    return Emfile();
                case "eacces":
                    return Eacces(args[1]);
                default:
                    Console.Error.WriteLine("unknown scenario " + args[0]);
                    return 2;
            }
        }
        catch (Exception e)
        {
            Console.Out.Flush();
            Console.Error.WriteLine("FAILED: " + e);
            return 1;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static OwnedFd CreatedInTheChildScenario(string path) => Fd.Open(path, OpenFlags.O_RDONLY);

    /// <summary>Someone closes the owner's number; then the owner reads (strict: fail-fast) and disposes.</summary>
    private static int ClosedElsewhere()
    {
        Say("strict " + OwnedFd.StrictOwnership);
        OwnedFd owner = CreatedInTheChildScenario("/dev/zero");
        int n = owner.AsRawFd();
        Say("fd " + n);
        Say("stray close " + Syscall.close(n));
        try
        {
            Fd.Read(owner, new byte[1]);
            Say("read succeeded");
        }
        catch (PosixException e)
        {
            Say("read " + e.Errno);
        }

        owner.Dispose();
        Say("disposed");
        return 0;
    }

    /// <summary>The number is closed behind the owner's back and an unrelated open gets it.</summary>
    private static int Reused(bool dispose)
    {
        Say("strict " + OwnedFd.StrictOwnership);
        OwnedFd owner = CreatedInTheChildScenario("/dev/zero");
        int n = owner.AsRawFd();
        Syscall.close(n);
        int other = Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Say("other open took the same number " + (other == n));
        OwnedFd.OwnershipViolated += v =>
            Say($"violation {v.Kind} {v.Operation} fd {v.Fd}; the other file still open: {Probe.IsOpen(other) && Probe.Target(other) == "/dev/null"}");
        if (dispose)
        {
            owner.Dispose();
        }
        else
        {
            Fd.Read(owner, new byte[1]);
        }

        Say("carried on");
        return 0;
    }

    /// <summary>Ordinary correct use in strict mode: no false alarm (dup3 onto an owner included).</summary>
    private static int StrictClean()
    {
        Say("strict " + OwnedFd.StrictOwnership);
        var (read, write) = Fd.Pipe();
        using (read)
        using (write)
        using (OwnedFd zero = Fd.Open("/dev/zero", OpenFlags.O_RDONLY))
        using (OwnedFd clone = zero.TryClone())
        using (OwnedFd target = Fd.Open("/dev/null", OpenFlags.O_RDONLY))
        {
            Fd.WriteAll(write, "x"u8);
            Fd.Read(read, new byte[1]);
            Fd.Read(clone, new byte[4]);
            Fd.Dup2(zero, target);
            Fd.Read(target, new byte[4]);
            using OwnedFd adopted = OwnedFd.FromRawFd(Fd.Open("/dev/null", OpenFlags.O_RDONLY).IntoRawFd());
            Fd.Stat(adopted);
        }

        Say("clean");
        return 0;
    }

    /// <summary>
    /// With RLIMIT_NOFILE lowered so that the table fills up, every creating call fails with EMFILE, a pipe
    /// or socket pair with only one free number leaks no half, and afterwards nothing is left open.
    /// </summary>
    private static int Emfile()
    {
        // The .NET runtime opens lazily and keeps open what it maps (two descriptors per assembly) and
        // /dev/urandom. A first round with the limit untouched loads everything the EMFILE rounds use, so
        // that no assembly load has to find a free number while the table is full.
        EmfileRound(lowerLimit: false);
        EmfileRound(lowerLimit: true);
        Census.Settle();
        var before = Census.Take();
        string report = EmfileRound(lowerLimit: true);
        Census.Settle();
        var after = Census.Take();
        Console.Write(report);
        Census.AssertSame(before, after, "emfile");
        Say("census unchanged");
        return 0;
    }

    private static string EmfileRound(bool lowerLimit)
    {
        using var dir = new TempDir();
        var report = new StringBuilder();
        var owners = new List<OwnedFd>();
        Native.RLimit old;
        Check(Native.getrlimit(Native.RLIMIT_NOFILE, out old) == 0, "getrlimit");
        using (OwnedFd directory = Fd.Open(dir.Path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY))
        using (OwnedFd source = Fd.Open("/dev/null", OpenFlags.O_RDONLY))
        {
            // The limit is set from what is open right now (a census and the lowest free number, both taken
            // after this round's own descriptors), not from a census taken before: whatever the process
            // inherited and the runtime has loaded, a few numbers stay free and then the table is full.
            int lowestFree;
            using (OwnedFd probe = Fd.Open("/dev/null", OpenFlags.O_RDONLY))
            {
                lowestFree = probe.AsRawFd();
            }

            int highest = Math.Max(Census.Take().Keys.DefaultIfEmpty(0).Max(), lowestFree);
            var limit = new Native.RLimit { Current = lowerLimit ? (ulong)(highest + 8) : old.Current, Maximum = old.Maximum };
            Check(Native.setrlimit(Native.RLIMIT_NOFILE, limit) == 0, "setrlimit");
            try
            {
                try
                {
                    while (owners.Count < (lowerLimit ? 10_000 : 2))
                    {
                        owners.Add(Fd.Open("/dev/null", OpenFlags.O_RDONLY));
                    }
                }
                catch (PosixException e)
                {
                    report.Append("Fd.Open(String, OpenFlags, FilePermissions): ").AppendLine(Describe(e));
                }

                var calls = new (string Key, Func<object> Call)[]
                {
                    ("Fd.Dup(BorrowedFd)", () => Fd.Dup(source)),
                    ("Fd.EventFd(UInt32)", () => Fd.EventFd(0)),
                    ("Fd.MemfdCreate(String)", () => Fd.MemfdCreate("emfile")),
                    ("Fd.OpenAt(BorrowedFd, String, OpenFlags, FilePermissions)", () => Fd.OpenAt(directory, "x", OpenFlags.O_RDWR | OpenFlags.O_CREAT, FilePermissions.S_IRUSR)),
                    ("Fd.Pipe()", () => Fd.Pipe()),
                    ("Fd.Socket(UnixAddressFamily, UnixSocketType, UnixSocketProtocol)", () => Fd.Socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0)),
                    ("Fd.SocketPair(UnixAddressFamily, UnixSocketType, UnixSocketProtocol)", () => Fd.SocketPair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0)),
                    ("OwnedFd.TryClone()", () => source.TryClone()),
                };
                foreach (var (key, call) in calls)
                {
                    report.Append(key).Append(": ").AppendLine(Attempt(call));
                }

                if (!lowerLimit)
                {
                    // The warm-up round also makes the runtime throw, catch and describe one PosixException.
                    report.Append("warm-up: ").AppendLine(Attempt(() => Fd.Open(Path.Combine(dir.Path, "missing"), OpenFlags.O_RDONLY)));
                }

                if (owners.Count == 0)
                {
                    throw new InvalidOperationException("no descriptor could be opened under the lowered limit " + limit.Current);
                }

                // One free number: the two-descriptor calls must fail whole, not leave one end open.
                int freed = owners[^1].AsRawFd();
                owners[^1].Dispose();
                owners.RemoveAt(owners.Count - 1);
                report.Append("one free, Fd.Pipe(): ").AppendLine(Attempt(() => Fd.Pipe()));
                report.Append("one free, Fd.SocketPair: ").AppendLine(Attempt(() => Fd.SocketPair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0)));
                OwnedFd last = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
                owners.Add(last);
                report.Append("the free number was still free: ").AppendLine((last.AsRawFd() == freed).ToString());
                report.Append("opened before EMFILE: more than 0: ").AppendLine((owners.Count > 0).ToString());
            }
            finally
            {
                foreach (OwnedFd owner in owners)
                {
                    owner.Dispose();
                }

                Check(Native.setrlimit(Native.RLIMIT_NOFILE, old) == 0, "setrlimit (restore)");
            }
        }

        return report.ToString();
    }

    /// <summary>Drops to an unprivileged user (when root) and opens a file it may not read.</summary>
    private static int Eacces(string path)
    {
        if (Syscall.getuid() == 0)
        {
            Check(Native.setresgid(65534, 65534, 65534) == 0, "setresgid");
            Check(Native.setresuid(65534, 65534, 65534) == 0, "setresuid");
        }

        Say("uid " + Syscall.geteuid());
        string result = "";
        Census.Around("eacces", () => result = Attempt(() => Fd.Open(path, OpenFlags.O_RDONLY)));
        Say("open: " + result);
        Say("census unchanged");
        return 0;
    }

    private static string Attempt(Func<object> call)
    {
        object result;
        try
        {
            result = call();
        }
        catch (PosixException e)
        {
            return Describe(e);
        }

        // Succeeded where it should not have: say so and release what it made.
        if (result is IDisposable one)
        {
            one.Dispose();
        }
        else if (result is ValueTuple<OwnedFd, OwnedFd> two)
        {
            two.Item1.Dispose();
            two.Item2.Dispose();
        }

        return "succeeded";
    }

    private static string Describe(PosixException e) => $"{e.Errno} {e.Call} {e.Path ?? "(no path)"}";

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException(what + " failed");
        }
    }
}
