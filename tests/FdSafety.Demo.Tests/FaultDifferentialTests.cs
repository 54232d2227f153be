using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Mono.Unix.Native;
using Xunit;

namespace FdSafety.Demo.Tests;

/// <summary>
/// fdcat against GNU /bin/cat when the kernel says no: a reader that leaves (EPIPE), a full device
/// (ENOSPC), a directory (EISDIR) as operand and as standard input, input that is the output, a file that
/// opens but cannot be read, and signals while standard input is blocked. GNU's message and exit status
/// each time, never a stack trace; every test also states the expected outcome outright.
/// </summary>
public sealed class FaultDifferentialTests
{
    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello\n");
    private static readonly byte[] World = Encoding.ASCII.GetBytes("world\n");

    // ---- EPIPE ----

    [Fact]
    public void EPIPE_ends_at_once_without_reporting_later_operands()
    {
        // GNU dies of SIGPIPE at the first failed write: the missing file after it is never reached.
        using var dir = new TempDir();
        dir.File("big", RandomBytes(4 * 1024 * 1024, seed: 5));
        const string script = "{ \"$@\"; echo $? > status; } | head -c 100";

        var (gnu, gnuStatus) = WithStatus(dir, script, ProgramRunner.Cat, "big", "missing", "big");
        var (fd, fdStatus) = WithStatus(dir, script, ProgramRunner.Fdcat, "big", "missing", "big");

        AssertSame(gnu, fd);
        Assert.Equal(100, fd.Stdout.Length);
        Assert.Equal("", fd.Stderr);
        Assert.Equal("141", gnuStatus);
        Assert.Equal(gnuStatus, fdStatus);
    }

    [Fact]
    public void EPIPE_copying_standard_input()
    {
        using var dir = new TempDir();
        byte[] input = RandomBytes(2 * 1024 * 1024, seed: 6);
        const string script = "{ \"$@\" -; echo $? > status; } | head -c 10";

        var (gnu, gnuStatus) = WithStatus(dir, script, ProgramRunner.Cat, input);
        var (fd, fdStatus) = WithStatus(dir, script, ProgramRunner.Fdcat, input);

        AssertSame(gnu, fd);
        Assert.Equal(input.Take(10).ToArray(), fd.Stdout);
        Assert.Equal("", fd.Stderr);
        Assert.Equal("141", fdStatus);
        Assert.Equal(gnuStatus, fdStatus);
    }

    // ---- ENOSPC ----

    [Theory]
    [InlineData("small")]
    [InlineData("big")]
    public void ENOSPC_is_a_write_error_that_ends_the_run(string first)
    {
        // A write error exits at once: no message about the missing operand after it.
        using var dir = new TempDir();
        dir.File("small", Hello);
        dir.File("big", RandomBytes(3 * 1024 * 1024, seed: 7));
        const string script = "exec \"$@\" > /dev/full";

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, new[] { first, "missing" }, dir.Path);
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { first, "missing" }, dir.Path);

        AssertSame(gnu, fd);
        Assert.Equal("cat: write error: No space left on device\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    [Fact]
    public void ENOSPC_copying_standard_input()
    {
        using var dir = new TempDir();
        const string script = "exec \"$@\" > /dev/full";

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, Array.Empty<string>(), dir.Path, World);
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, Array.Empty<string>(), dir.Path, World);

        AssertSame(gnu, fd);
        Assert.Equal("cat: write error: No space left on device\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    // ---- EISDIR ----

    [Theory]
    [InlineData("exec \"$@\" < d")]
    [InlineData("exec \"$@\" < d > out")]
    public void EISDIR_standard_input_is_a_directory(string script)
    {
        using var dir = new TempDir();
        System.IO.Directory.CreateDirectory(Path.Combine(dir.Path, "d"));
        dir.File("a", Hello);

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, new[] { "a", "-", "a" }, dir.Path);
        byte[] gnuOut = ReadAndDelete(dir, "out");
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { "a", "-", "a" }, dir.Path);
        byte[] fdOut = ReadAndDelete(dir, "out");

        AssertSame(gnu, fd);
        Assert.Equal(gnuOut, fdOut);
        Assert.Equal(Hello.Concat(Hello).ToArray(), script.Contains("out") ? fdOut : fd.Stdout);
        Assert.Equal("cat: -: Is a directory\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    [Theory]
    [InlineData("exec \"$@\"")]
    [InlineData("exec \"$@\" > out")]
    public void EISDIR_a_directory_between_large_files(string script)
    {
        // Large files take the kernel's copy paths (to a pipe, to a regular file); the directory among them
        // must fail the same way there.
        using var dir = new TempDir();
        System.IO.Directory.CreateDirectory(Path.Combine(dir.Path, "d"));
        byte[] big = RandomBytes((2 * 1024 * 1024) + 3, seed: 8);
        dir.File("big", big);

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, new[] { "big", "d", "big" }, dir.Path);
        byte[] gnuOut = ReadAndDelete(dir, "out");
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { "big", "d", "big" }, dir.Path);
        byte[] fdOut = ReadAndDelete(dir, "out");

        AssertSame(gnu, fd);
        AssertBytes(gnuOut, fdOut);
        AssertBytes(big.Concat(big).ToArray(), script.Contains("out") ? fdOut : fd.Stdout);
        Assert.Equal("cat: d: Is a directory\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    // ---- input is output ----

    [Theory]
    [InlineData("ln -s f link", "link")]
    [InlineData("ln f hard", "hard")]
    public void Input_is_output_through_another_name(string setup, string name)
    {
        // The same file under another name (a symbolic or hard link) is still the output file: the check
        // compares device and inode, not names. The good inputs around it are copied.
        const string guard = "ulimit -f 2048; export DOTNET_EnableWriteXorExecute=0; ";
        string script = guard + setup + " && exec \"$@\" >> f";
        using var gnuDir = new TempDir();
        using var fdDir = new TempDir();
        foreach (TempDir d in new[] { gnuDir, fdDir })
        {
            d.File("f", Hello);
            d.File("g", World);
        }

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, new[] { "g", name, "g" }, gnuDir.Path);
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { "g", name, "g" }, fdDir.Path);

        AssertSame(gnu, fd);
        Assert.Equal($"cat: {name}: input file is output file\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
        Assert.Equal(Hello.Concat(World).Concat(World).ToArray(), fdDir.Read("f"));
        Assert.Equal(gnuDir.Read("f"), fdDir.Read("f"));
    }

    // ---- a file that opens but cannot be read ----

    [Theory]
    [InlineData("/proc/self/mem", "Input/output error", "exec \"$@\"")]
    [InlineData("/proc/self/mem", "Input/output error", "exec \"$@\" > out")]
    [InlineData("/proc/self/clear_refs", "Invalid argument", "exec \"$@\"")]
    public void An_unreadable_file_among_readable_ones(string unreadable, string error, string script)
    {
        // The tests run as root, who may open anything, so "unreadable" cannot be a permission. These files
        // open and then fail in read(2): /proc/self/mem at offset 0 (nothing mapped there) with EIO, and the
        // write-only /proc/self/clear_refs with EINVAL. Each program reads its own /proc/self.
        using var dir = new TempDir();
        dir.File("a", Hello);
        dir.File("b", World);

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, new[] { "a", unreadable, "b" }, dir.Path);
        byte[] gnuOut = ReadAndDelete(dir, "out");
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { "a", unreadable, "b" }, dir.Path);
        byte[] fdOut = ReadAndDelete(dir, "out");

        AssertSame(gnu, fd);
        Assert.Equal(gnuOut, fdOut);
        Assert.Equal(Hello.Concat(World).ToArray(), script.Contains("out") ? fdOut : fd.Stdout);
        Assert.Equal($"cat: {unreadable}: {error}\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    // ---- signals while standard input is blocked ----

    [Theory]
    [InlineData(Signum.SIGTERM)]
    [InlineData(Signum.SIGINT)]
    [InlineData(Signum.SIGHUP)]
    [InlineData(Signum.SIGALRM)]
    [InlineData(Signum.SIGUSR1)]
    public void A_fatal_signal_during_a_blocked_read_of_stdin(Signum signal)
    {
        // Both die of the signal (the status a shell shows is 128 + its number), after writing what they had
        // read; no message.
        SignalRun gnu = RunWithSignal(ProgramRunner.Cat, signal, fatal: true);
        SignalRun fd = RunWithSignal(ProgramRunner.Fdcat, signal, fatal: true);

        Assert.Equal(gnu.Stderr, fd.Stderr);
        Assert.Equal(gnu.Stdout, fd.Stdout);
        Assert.Equal(gnu.ExitCode, fd.ExitCode);
        Assert.Equal("", fd.Stderr);
        Assert.Equal(Hello, fd.Stdout);
        Assert.Equal(128 + NativeConvert.FromSignum(signal), fd.ExitCode);
    }

    [Theory]
    [InlineData(Signum.SIGWINCH)]
    [InlineData(Signum.SIGCHLD)]
    [InlineData(Signum.SIGCONT)]
    [InlineData(Signum.SIGURG)]
    public void A_harmless_signal_during_a_blocked_read_of_stdin(Signum signal)
    {
        // Ignored by default: the interrupted read goes on, nothing lost or doubled, exit 0.
        SignalRun gnu = RunWithSignal(ProgramRunner.Cat, signal, fatal: false);
        SignalRun fd = RunWithSignal(ProgramRunner.Fdcat, signal, fatal: false);

        Assert.Equal(gnu.Stderr, fd.Stderr);
        Assert.Equal(gnu.Stdout, fd.Stdout);
        Assert.Equal(gnu.ExitCode, fd.ExitCode);
        Assert.Equal("", fd.Stderr);
        Assert.Equal(Hello.Concat(World).ToArray(), fd.Stdout);
        Assert.Equal(0, fd.ExitCode);
    }

    private sealed record SignalRun(int ExitCode, byte[] Stdout, string Stderr);

    /// <summary>
    /// Starts the program on a pipe as standard input (all signals at their default action, as from a
    /// shell), feeds "hello\n", waits until it was copied and the program is blocked on standard input,
    /// sends <paramref name="signal"/>; then, unless it is fatal, feeds "world\n" and closes the pipe.
    /// </summary>
    private static SignalRun RunWithSignal(string[] program, Signum signal, bool fatal)
    {
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal");
        foreach (string part in program)
        {
            start.ArgumentList.Add(part);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program[0]);
        var stdout = new MemoryStream();
        Task readOut = Task.Run(() =>
        {
            var buffer = new byte[4096];
            int n;
            while ((n = process.StandardOutput.BaseStream.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (stdout)
                {
                    stdout.Write(buffer, 0, n);
                }
            }
        });
        Task<string> readErr = process.StandardError.ReadToEndAsync();
        try
        {
            Stream input = process.StandardInput.BaseStream;
            input.Write(Hello);
            input.Flush();
            WaitFor(() => { lock (stdout) { return stdout.Length >= Hello.Length; } }, "the first line to come out");
            WaitUntilBlockedOnStdin(process.Id);

            Assert.Equal(0, Syscall.kill(process.Id, signal));
            if (!fatal)
            {
                Thread.Sleep(200);
                Assert.False(process.HasExited, $"{program[^1]} died of {signal}");
                input.Write(World);
                input.Flush();
                process.StandardInput.Close();
            }

            Assert.True(process.WaitForExit(ProgramRunner.Timeout), $"{program[^1]} did not end after {signal}");
            process.WaitForExit();
            readOut.Wait();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new SignalRun(process.ExitCode, stdout.ToArray(), readErr.Result);
    }

    /// <summary>
    /// Waits until the process's main thread sits in a system call on descriptor 0 (read, or a kernel copy
    /// call: splice, sendfile, copy_file_range), from /proc/PID/syscall. Where that file cannot be read,
    /// a pause instead.
    /// </summary>
    private static void WaitUntilBlockedOnStdin(int pid)
    {
        string path = "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/syscall";
        string[] onStdin = { "0 0x0 ", "275 0x0 ", "40 0x1 0x0 ", "326 0x0 " };
        string last = "";
        try
        {
            WaitFor(() => onStdin.Any((last = File.ReadAllText(path)).StartsWith), "a blocked read of stdin");
        }
        catch (UnauthorizedAccessException)
        {
            Thread.Sleep(500);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new InvalidOperationException(e.Message + "; " + path + " last said: " + last);
        }
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + ProgramRunner.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            Thread.Sleep(10);
        }
    }

    private static (RunResult Run, string Status) WithStatus(TempDir dir, string script, string[] program, params string[] args) =>
        WithStatus(dir, script, program, null, args);

    private static (RunResult Run, string Status) WithStatus(TempDir dir, string script, string[] program, byte[]? stdin, params string[] args)
    {
        RunResult run = ProgramRunner.Shell(script, program, args, dir.Path, stdin);
        string status = File.ReadAllText(Path.Combine(dir.Path, "status")).Trim();
        File.Delete(Path.Combine(dir.Path, "status"));
        return (run, status);
    }

    private static byte[] ReadAndDelete(TempDir dir, string name)
    {
        string path = Path.Combine(dir.Path, name);
        if (!File.Exists(path))
        {
            return Array.Empty<byte>();
        }

        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    private static void AssertSame(RunResult gnu, RunResult fd)
    {
        Assert.Equal(gnu.Stderr, fd.Stderr);
        AssertBytes(gnu.Stdout, fd.Stdout);
        Assert.Equal(gnu.ExitCode, fd.ExitCode);
        Assert.DoesNotContain("   at ", fd.Stderr, StringComparison.Ordinal);
    }

    private static void AssertBytes(byte[] expected, byte[] actual)
    {
        int common = Math.Min(expected.Length, actual.Length);
        int first = expected.AsSpan(0, common).CommonPrefixLength(actual.AsSpan(0, common));
        Assert.True(
            first == common && expected.Length == actual.Length,
            $"expected {expected.Length} bytes, got {actual.Length}; first difference at offset {first}");
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
