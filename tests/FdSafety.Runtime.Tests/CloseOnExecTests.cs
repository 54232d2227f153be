using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

public sealed class CloseOnExecTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<OwnedFd> _owned = new();

    private static readonly string[] CreatorNames =
    {
        "Open", "OpenAt", "Pipe", "Dup", "Dup2", "TryClone", "Socket", "SocketPair", "MemfdCreate", "EventFd",
    };

    /// <summary>
    /// Which creator of this test makes each creating call (keys of <see cref="CreatingCalls"/>). Dup2 creates
    /// no new number but changes what its target's refers to, so it is covered too, by name.
    /// </summary>
    private static readonly Dictionary<string, string> CreatorOfCall = new()
    {
        ["Fd.Dup(BorrowedFd)"] = "Dup",
        ["Fd.EventFd(UInt32)"] = "EventFd",
        ["Fd.MemfdCreate(String)"] = "MemfdCreate",
        ["Fd.Open(String, OpenFlags, FilePermissions)"] = "Open",
        ["Fd.OpenAt(BorrowedFd, String, OpenFlags, FilePermissions)"] = "OpenAt",
        ["Fd.Pipe()"] = "Pipe",
        ["Fd.Socket(UnixAddressFamily, UnixSocketType, UnixSocketProtocol)"] = "Socket",
        ["Fd.SocketPair(UnixAddressFamily, UnixSocketType, UnixSocketProtocol)"] = "SocketPair",
        ["OwnedFd.TryClone()"] = "TryClone",
    };

    public static TheoryData<string> Creators => new(CreatorNames);

    [Fact]
    public void Every_creating_call_of_the_runtime_is_covered()
    {
        // Found by reflection (public static methods of Fd returning OwnedFd or tuples of them, and OwnedFd's
        // own): a creating call added later fails here until this test creates descriptors with it.
        IReadOnlyList<string> discovered = CreatingCalls.Discover();

        Assert.Contains("Fd.Open(String, OpenFlags, FilePermissions)", discovered);
        var uncovered = discovered.Where(call => !CreatorOfCall.ContainsKey(call)).ToList();
        Assert.True(uncovered.Count == 0, "creating calls with no close-on-exec coverage: " + string.Join(", ", uncovered));
        Assert.All(CreatorOfCall.Values, name => Assert.Contains(name, CreatorNames));
        Assert.All(CreatorOfCall.Keys, call => Assert.Contains(call, discovered));
    }

    [Theory]
    [MemberData(nameof(Creators))]
    public void Every_created_descriptor_has_FD_CLOEXEC(string creator)
    {
        OwnedFd[] created = Create(creator);

        Assert.NotEmpty(created);
        foreach (OwnedFd fd in created)
        {
            Assert.True(Probe.HasCloseOnExec(fd.AsRawFd()), $"{creator} made fd {fd.AsRawFd()} without FD_CLOEXEC");
        }
    }

    [Fact]
    public void The_control_descriptor_really_lacks_FD_CLOEXEC()
    {
        int control = Syscall.open(_dir.NewFile("control"), OpenFlags.O_RDONLY);
        Assert.True(control >= 0);
        try
        {
            Assert.False(Probe.HasCloseOnExec(control));
        }
        finally
        {
            Syscall.close(control);
        }
    }

    [Fact]
    public void A_child_process_inherits_none_of_them()
    {
        var creators = new Dictionary<OwnedFd, string>();
        foreach (string creator in CreatorNames)
        {
            foreach (OwnedFd fd in Create(creator))
            {
                creators[fd] = creator;
            }
        }

        // Everything this test opened through the runtime, helpers (directories, dup sources) included.
        var expected = _owned
            .Select(fd => (Creator: creators.GetValueOrDefault(fd, "helper"), Fd: fd.AsRawFd(), Target: Probe.Target(fd.AsRawFd())))
            .ToList();
        Assert.True(expected.Count >= 12);

        string controlPath = _dir.NewFile("control-inherited");
        int control = Syscall.open(controlPath, OpenFlags.O_RDONLY);
        Assert.True(control >= 0);
        Dictionary<int, string> seen;
        try
        {
            seen = ChildDescriptors();
        }
        finally
        {
            Syscall.close(control);
        }

        // Without this the test could pass by not seeing anything at all.
        Assert.True(seen.TryGetValue(control, out string? controlTarget), $"the child did not inherit control fd {control}");
        Assert.Equal(controlPath, controlTarget);

        foreach (var (creator, fd, target) in expected)
        {
            bool inherited = seen.TryGetValue(fd, out string? childTarget) && childTarget == target;
            Assert.False(inherited, $"{creator}: fd {fd} -> {target} was inherited by the child");
        }
    }

    public void Dispose()
    {
        foreach (OwnedFd fd in _owned)
        {
            fd.Dispose();
        }

        _dir.Dispose();
    }

    /// <summary>Runs /bin/ls -l /proc/self/fd in a child and returns its number -> target table.</summary>
    private static Dictionary<int, string> ChildDescriptors()
    {
        var start = new ProcessStartInfo("/bin/ls", new[] { "-l", "/proc/self/fd" })
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("no process");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        Assert.Equal(0, child.ExitCode);

        var table = new Dictionary<int, string>();
        foreach (Match m in Regex.Matches(output, @" (\d+) -> (.*)$", RegexOptions.Multiline))
        {
            table[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = m.Groups[2].Value;
        }

        Assert.NotEmpty(table);
        return table;
    }

    private OwnedFd[] Create(string creator)
    {
        OwnedFd[] fds = creator switch
        {
            "Open" => new[] { Fd.Open(_dir.NewFile("open"), OpenFlags.O_RDONLY) },
            "OpenAt" => OpenAt(),
            "Pipe" => Pipe(),
            "Dup" => new[] { Fd.Dup(Keep(Fd.Open("/dev/null", OpenFlags.O_RDONLY))) },
            "Dup2" => Dup2(),
            "TryClone" => new[] { Keep(Fd.Open("/dev/zero", OpenFlags.O_RDONLY)).TryClone() },
            "Socket" => new[] { Fd.Socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0) },
            "SocketPair" => SocketPair(),
            "MemfdCreate" => new[] { Fd.MemfdCreate("fdsafety-cloexec-" + Guid.NewGuid().ToString("N")) },
            "EventFd" => new[] { Fd.EventFd(0) },
            _ => throw new ArgumentOutOfRangeException(nameof(creator), creator, null),
        };
        _owned.AddRange(fds);
        return fds;
    }

    private OwnedFd[] OpenAt()
    {
        OwnedFd dir = Keep(Fd.Open(_dir.Path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY));
        return new[] { Fd.OpenAt(dir, "openat-" + Guid.NewGuid().ToString("N"), OpenFlags.O_WRONLY | OpenFlags.O_CREAT, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR) };
    }

    private static OwnedFd[] Pipe()
    {
        var (read, write) = Fd.Pipe();
        return new[] { read, write };
    }

    private static OwnedFd[] SocketPair()
    {
        var (a, b) = Fd.SocketPair(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, 0);
        return new[] { a, b };
    }

    private OwnedFd[] Dup2()
    {
        // The target starts WITHOUT close-on-exec, so the flag can only come from dup3(O_CLOEXEC).
        int raw = Syscall.open(_dir.NewFile("dup2-target-" + Guid.NewGuid().ToString("N")), OpenFlags.O_RDONLY);
        int errno = raw < 0 ? Marshal.GetLastPInvokeError() : 0;
        Assert.True(raw >= 0, $"open failed: {errno}");
        OwnedFd target = OwnedFd.FromRawFd(raw);
        Assert.False(Probe.HasCloseOnExec(target.AsRawFd()));

        OwnedFd source = Keep(Fd.Open(_dir.NewFile("dup2-source-" + Guid.NewGuid().ToString("N")), OpenFlags.O_RDONLY));
        Fd.Dup2(source, target);
        return new[] { target };
    }

    private OwnedFd Keep(OwnedFd fd)
    {
        _owned.Add(fd);
        return fd;
    }
}
