using System;
using System.Collections.Generic;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Runtime.Tests;

/// <summary>
/// A descriptor closed behind its owner's back: the default mode reports the owner's EBADF through
/// <see cref="OwnedFd.OwnershipViolated"/>; strict mode checks each borrow and fails fast naming where the
/// descriptor was created (in child processes, since a fail-fast ends the process).
/// </summary>
public sealed class OwnershipTests : IDisposable
{
    private static readonly Dictionary<string, string> Strict = new() { [OwnedFd.StrictOwnershipEnvironmentVariable] = "1" };

    private readonly List<OwnershipViolation> _seen = new();

    public OwnershipTests()
    {
        Assert.False(OwnedFd.StrictOwnership, "these tests run the default mode; unset " + OwnedFd.StrictOwnershipEnvironmentVariable);
        OwnedFd.OwnershipViolated += Record;
    }

    public void Dispose() => OwnedFd.OwnershipViolated -= Record;

    [Fact]
    public void A_number_closed_behind_the_owner_s_back_is_reported_when_the_owner_closes()
    {
        OwnedFd owner = Fd.Open("/dev/zero", OpenFlags.O_RDONLY);
        int n = owner.AsRawFd();
        Assert.Equal(0, Syscall.close(n));

        owner.Dispose();

        OwnershipViolation v = Assert.Single(_seen);
        Assert.Equal(OwnershipViolationKind.ClosedElsewhere, v.Kind);
        Assert.Equal(n, v.Fd);
        Assert.Equal("close", v.Operation);
        Assert.Null(v.CreatedAt);
        Assert.Equal(
            $"OwnedFd({n}) found its descriptor closed by code that does not own it (close: EBADF). Set FDSAFETY_STRICT_OWNERSHIP=1 (or the AppContext switch FdSafety.StrictOwnership) to learn where the descriptor was created.",
            v.Message);
    }

    [Fact]
    public void A_correct_owner_reports_nothing()
    {
        var (read, write) = Fd.Pipe();
        using (OwnedFd file = Fd.Open("/dev/null", OpenFlags.O_RDONLY))
        using (OwnedFd clone = file.TryClone())
        {
            read.Dispose();
            write.Dispose();
            int raw = Fd.Open("/dev/null", OpenFlags.O_RDONLY).IntoRawFd();
            Assert.Equal(0, Syscall.close(raw));
        }

        Assert.Empty(_seen);
    }

    [Fact]
    public void The_finalizer_reports_too()
    {
        int n = OpenAndAbandon();
        Assert.Equal(0, Syscall.close(n));

        Census.Settle();

        OwnershipViolation v = Assert.Single(_seen);
        Assert.Equal(n, v.Fd);
        Assert.Equal("close", v.Operation);
    }

    [Fact]
    public void Default_mode_a_reused_number_surfaces_at_the_other_owner()
    {
        // The limit of the default mode: a re-used number cannot be seen, so A's close hits B's file.
        // B then fails with EBADF and reports it at its own close: the damage is loud, not silent.
        OwnedFd a = Fd.Open("/dev/zero", OpenFlags.O_RDONLY);
        int n = a.AsRawFd();
        Assert.Equal(0, Syscall.close(n));
        using OwnedFd b = Fd.Open("/dev/null", OpenFlags.O_RDONLY);
        Assert.Equal(n, b.AsRawFd());

        a.Dispose();
        Assert.Empty(_seen);
        var e = Assert.Throws<PosixException>(() => Fd.Read(b, new byte[1]));
        Assert.Equal(Errno.EBADF, e.Errno);
        b.Dispose();

        OwnershipViolation v = Assert.Single(_seen);
        Assert.Equal(n, v.Fd);
        Assert.Equal(OwnershipViolationKind.ClosedElsewhere, v.Kind);
    }

    [Fact]
    public void A_throwing_handler_does_not_break_the_close()
    {
        Action<OwnershipViolation> thrower = _ => throw new InvalidOperationException("handler");
        OwnedFd.OwnershipViolated += thrower;
        try
        {
            OwnedFd owner = Fd.Open("/dev/zero", OpenFlags.O_RDONLY);
            Assert.Equal(0, Syscall.close(owner.AsRawFd()));
            owner.Dispose();
        }
        finally
        {
            OwnedFd.OwnershipViolated -= thrower;
        }

        Assert.Single(_seen);
    }

    [Fact]
    public void Without_a_handler_the_default_mode_writes_to_standard_error()
    {
        ChildResult r = ChildProcess.Run("closed-elsewhere");

        Assert.True(r.ExitCode == 0, r.ToString());
        int n = FdFrom(r);
        Assert.Equal($"strict False\nfd {n}\nstray close 0\nread EBADF\ndisposed\n", r.Stdout);
        Assert.Equal(
            $"fdsafety: OwnedFd({n}) found its descriptor closed by code that does not own it (close: EBADF). Set FDSAFETY_STRICT_OWNERSHIP=1 (or the AppContext switch FdSafety.StrictOwnership) to learn where the descriptor was created.\n",
            r.Stderr);
    }

    [Fact]
    public void Strict_mode_fails_fast_on_the_next_borrow_naming_the_creation_site()
    {
        ChildResult r = ChildProcess.Run("closed-elsewhere", Strict);

        AssertFailedFast(r);
        int n = FdFrom(r);
        Assert.Equal($"strict True\nfd {n}\nstray close 0\n", r.Stdout);
        Assert.Contains($"FdSafety strict ownership: OwnedFd({n}) found its descriptor closed by code that does not own it (borrow: EBADF). The descriptor was created at:", r.Stderr, StringComparison.Ordinal);
        AssertNamesCreationSite(r);
    }

    [Fact]
    public void Strict_mode_by_AppContext_switch()
    {
        ChildResult r = ChildProcess.Run("strict-by-switch");

        AssertFailedFast(r);
        Assert.StartsWith("strict True\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("(borrow: EBADF). The descriptor was created at:", r.Stderr, StringComparison.Ordinal);
        AssertNamesCreationSite(r);
    }

    [Fact]
    public void Strict_mode_catches_a_number_reused_by_another_open_on_borrow()
    {
        ChildResult r = ChildProcess.Run("reused-on-borrow", Strict);

        AssertFailedFast(r);
        Assert.Matches(@"^strict True\nother open took the same number True\nviolation Reused borrow fd \d+; the other file still open: True\n$", r.Stdout);
        Assert.Contains("found its descriptor number re-used for another file after code that does not own it closed it (borrow: device/inode changed). The descriptor was created at:", r.Stderr, StringComparison.Ordinal);
        AssertNamesCreationSite(r);
    }

    [Fact]
    public void Strict_mode_never_closes_a_number_that_now_belongs_to_another_file()
    {
        ChildResult r = ChildProcess.Run("reused-on-close", Strict);

        AssertFailedFast(r);
        Assert.Matches(@"^strict True\nother open took the same number True\nviolation Reused close fd \d+; the other file still open: True\n$", r.Stdout);
        Assert.Contains("(close: device/inode changed)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_mode_cannot_see_the_reuse_and_carries_on()
    {
        ChildResult r = ChildProcess.Run("reused-on-borrow");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("strict False\nother open took the same number True\ncarried on\n", r.Stdout);
    }

    [Fact]
    public void Strict_mode_raises_no_false_alarm_on_correct_code()
    {
        ChildResult r = ChildProcess.Run("strict-clean", Strict);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("strict True\nclean\n", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    private static void AssertFailedFast(ChildResult r)
    {
        // Environment.FailFast aborts: SIGABRT, 128 + 6.
        Assert.True(r.ExitCode == 134, r.ToString());
        Assert.Contains("Process terminated.", r.Stderr, StringComparison.Ordinal);
    }

    private static void AssertNamesCreationSite(ChildResult r)
    {
        Assert.Contains("at FdSafety.Fd.Open(String path, OpenFlags flags, FilePermissions mode)", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("at FdSafety.Runtime.Tests.ChildScenarios.CreatedInTheChildScenario(String path)", r.Stderr, StringComparison.Ordinal);
    }

    private static int FdFrom(ChildResult r)
    {
        var m = System.Text.RegularExpressions.Regex.Match(r.Stdout, @"^fd (\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(m.Success, r.ToString());
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int OpenAndAbandon() => Fd.Open("/dev/zero", OpenFlags.O_RDONLY).AsRawFd();

    private void Record(OwnershipViolation v)
    {
        lock (_seen)
        {
            _seen.Add(v);
        }
    }
}
