using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace FdSafety.Demo.Tests;

/// <summary>
/// fdcat against GNU /bin/cat on the same inputs: same stdout bytes, same stderr text (fdcat
/// prints GNU's program name "cat"), same exit status. Every test also states the expected
/// outcome outright, so that the two programs cannot agree on something wrong.
/// </summary>
public sealed class DifferentialTests
{
    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello\n");
    private static readonly byte[] World = Encoding.ASCII.GetBytes("world, no newline at the end");

    [Fact]
    public void OneFile()
    {
        using var dir = new TempDir();
        dir.File("a", Hello);

        RunResult fd = AssertSame(dir, "a");

        Assert.Equal(Hello, fd.Stdout);
        Assert.Equal(0, fd.ExitCode);
    }

    [Fact]
    public void SeveralFilesInOrder()
    {
        using var dir = new TempDir();
        dir.File("a", Hello);
        dir.File("b", World);

        RunResult fd = AssertSame(dir, "b", "a", "b");

        Assert.Equal(World.Concat(Hello).Concat(World).ToArray(), fd.Stdout);
        Assert.Equal(0, fd.ExitCode);
    }

    [Fact]
    public void EmptyFile()
    {
        using var dir = new TempDir();
        dir.File("e", Array.Empty<byte>());
        dir.File("a", Hello);

        RunResult alone = AssertSame(dir, "e");
        RunResult among = AssertSame(dir, "e", "a", "e");

        Assert.Empty(alone.Stdout);
        Assert.Equal(0, alone.ExitCode);
        Assert.Equal(Hello, among.Stdout);
    }

    [Fact]
    public void BinaryDataWithEveryByteValue()
    {
        using var dir = new TempDir();
        byte[] data = Enumerable.Range(0, 256).Select(i => (byte)i)
            .Concat(Enumerable.Range(0, 256).Select(i => (byte)(255 - i))).ToArray();
        dir.File("bin", data);

        RunResult fd = AssertSame(dir, "bin");

        Assert.Equal(data, fd.Stdout);
    }

    [Fact]
    public void LargeFileBeyondOneBuffer()
    {
        using var dir = new TempDir();
        byte[] data = RandomBytes((5 * 1024 * 1024) + 12345, seed: 1);
        dir.File("large", data);

        RunResult fd = AssertSame(dir, "large");

        AssertBytes(data, fd.Stdout);
        Assert.Equal(0, fd.ExitCode);
    }

    [Fact]
    public void StdinWithNoArguments()
    {
        using var dir = new TempDir();
        byte[] input = RandomBytes((3 * 1024 * 1024) + 7, seed: 2);

        RunResult fd = AssertSameWithInput(dir, input);

        AssertBytes(input, fd.Stdout);
        Assert.Equal(0, fd.ExitCode);
    }

    [Fact]
    public void StdinAsDash()
    {
        using var dir = new TempDir();
        dir.File("a", Hello);
        byte[] input = Encoding.ASCII.GetBytes("from stdin\n");

        RunResult fd = AssertSameWithInput(dir, input, "a", "-", "a");

        Assert.Equal(Hello.Concat(input).Concat(Hello).ToArray(), fd.Stdout);
    }

    [Fact]
    public void DashTwiceReadsStdinOnce()
    {
        using var dir = new TempDir();
        dir.File("a", Hello);
        byte[] input = Encoding.ASCII.GetBytes("only once\n");

        RunResult twice = AssertSameWithInput(dir, input, "-", "-");
        RunResult around = AssertSameWithInput(dir, input, "-", "a", "-");

        Assert.Equal(input, twice.Stdout);
        Assert.Equal(input.Concat(Hello).ToArray(), around.Stdout);
        Assert.Equal(0, around.ExitCode);
    }

    [Fact]
    public void MissingFileAmongGoodOnes()
    {
        using var dir = new TempDir();
        dir.File("a", Hello);
        dir.File("b", World);

        RunResult fd = AssertSame(dir, "a", "missing", "b");

        Assert.Equal(Hello.Concat(World).ToArray(), fd.Stdout);
        Assert.Equal("cat: missing: No such file or directory\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    [Fact]
    public void Directory()
    {
        using var dir = new TempDir();
        System.IO.Directory.CreateDirectory(Path.Combine(dir.Path, "d"));
        dir.File("a", Hello);

        RunResult fd = AssertSame(dir, "d", "a");

        Assert.Equal(Hello, fd.Stdout);
        Assert.Equal("cat: d: Is a directory\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    [Theory]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("it's $x", "'it'\\''s $x'")]
    [InlineData("x:y", "'x:y'")]
    [InlineData("#x", "'#x'")]
    [InlineData("x#", "x#")]
    [InlineData("a\tb c", "'a'$'\\t''b c'")]
    [InlineData("\u0001", "''$'\\001'")]
    [InlineData("", "''")]
    public void NamesInMessagesAreQuotedLikeGnu(string name, string quoted)
    {
        using var dir = new TempDir();

        RunResult fd = AssertSame(dir, name);

        Assert.Equal($"cat: {quoted}: No such file or directory\n", fd.Stderr);
    }

    [Fact]
    public void WriteErrorOnDevFull()
    {
        using var dir = new TempDir();
        dir.File("a", Hello);
        dir.File("e", Array.Empty<byte>());
        const string script = "exec \"$@\" > /dev/full";

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, new[] { "a", "a" }, dir.Path);
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { "a", "a" }, dir.Path);
        RunResult nothingWritten = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { "e" }, dir.Path);

        AssertSame(gnu, fd);
        Assert.Equal("cat: write error: No space left on device\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
        Assert.Equal("", nothingWritten.Stderr);
        Assert.Equal(0, nothingWritten.ExitCode);
    }

    [Fact]
    public void InputFileIsOutputFile()
    {
        // "cat f >> f" (and "cat f 1<> f", and stdin as the file) would copy a file onto its own
        // end forever; both programs refuse that input and carry on with the next.
        // The guard, ulimit -f (512-byte blocks), stops a regression with SIGXFSZ instead of
        // filling the disk; the .NET runtime cannot start under it with W^X on (its double-mapped
        // code heap is a file too), so W^X is turned off for these runs.
        const string guard = "ulimit -f 2048; export DOTNET_EnableWriteXorExecute=0; ";
        string[] scripts =
        {
            guard + "exec \"$@\" >> f",
            guard + "exec \"$@\" 1<> f",
            guard + "exec \"$@\" < f >> f",
        };
        foreach (string script in scripts)
        {
            string[] args = script.Contains("< f") ? new[] { "-", "g" } : new[] { "f", "g" };
            using var gnuDir = new TempDir();
            using var fdDir = new TempDir();
            foreach (TempDir dir in new[] { gnuDir, fdDir })
            {
                dir.File("f", Hello);
                dir.File("g", World);
            }

            RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, args, gnuDir.Path);
            RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, args, fdDir.Path);

            AssertSame(gnu, fd);
            Assert.Equal($"cat: {args[0]}: input file is output file\n", fd.Stderr);
            Assert.Equal(1, fd.ExitCode);
            AssertBytes(gnuDir.Read("f"), fdDir.Read("f"));
        }
    }

    [Fact]
    public void EmptyFileOntoItselfIsFine()
    {
        // Nothing left to read: GNU's condition (offset below size) is false, so no complaint.
        using var gnuDir = new TempDir();
        using var fdDir = new TempDir();
        gnuDir.File("e", Array.Empty<byte>());
        fdDir.File("e", Array.Empty<byte>());
        const string script = "exec \"$@\" >> e";

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, new[] { "e" }, gnuDir.Path);
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { "e" }, fdDir.Path);

        AssertSame(gnu, fd);
        Assert.Equal(0, fd.ExitCode);
        Assert.Empty(fdDir.Read("e"));
    }

    [Fact]
    public void ClosedPipeDownstreamEndsQuietlyAndFast()
    {
        // GNU cat dies of SIGPIPE (the shell reports 141); fdcat sees EPIPE and exits 141 itself.
        using var dir = new TempDir();
        dir.File("big", RandomBytes(8 * 1024 * 1024, seed: 3));
        const string script = "{ \"$@\"; echo $? > status; } | head -c 10";

        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, new[] { "big" }, dir.Path);
        string gnuStatus = File.ReadAllText(Path.Combine(dir.Path, "status")).Trim();
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, new[] { "big" }, dir.Path);
        string fdStatus = File.ReadAllText(Path.Combine(dir.Path, "status")).Trim();

        AssertSame(gnu, fd);
        Assert.Equal(10, fd.Stdout.Length);
        Assert.Equal("", fd.Stderr);
        Assert.Equal(gnuStatus, fdStatus);
        Assert.Equal("141", fdStatus);
        Assert.True(fd.Elapsed < TimeSpan.FromSeconds(10), $"fdcat | head took {fd.Elapsed}");
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("-ux", "a")]
    [InlineData("a", "-x")]
    [InlineData("--foo")]
    public void InvalidOptionsAreRejectedBeforeAnyOutput(params string[] args)
    {
        using var dir = new TempDir();
        dir.File("a", Hello);

        RunResult fd = AssertSame(dir, args);

        Assert.Empty(fd.Stdout);
        Assert.EndsWith("\nTry 'cat --help' for more information.\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    [Fact]
    public void DoubleDashEndsOptionsAndDashUIsIgnored()
    {
        using var dir = new TempDir();
        dir.File("a", Hello);
        dir.File("-x", World);

        RunResult fd = AssertSame(dir, "-u", "a", "--", "-x", "-u");

        Assert.Equal(Hello.Concat(World).ToArray(), fd.Stdout);
        Assert.Equal("cat: -u: No such file or directory\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    private static RunResult AssertSame(TempDir dir, params string[] args) => AssertSameWithInput(dir, null, args);

    private static RunResult AssertSameWithInput(TempDir dir, byte[]? stdin, params string[] args)
    {
        RunResult gnu = ProgramRunner.Run(ProgramRunner.Cat, args, dir.Path, stdin);
        RunResult fd = ProgramRunner.Run(ProgramRunner.Fdcat, args, dir.Path, stdin);
        AssertSame(gnu, fd);
        return fd;
    }

    private static void AssertSame(RunResult gnu, RunResult fd)
    {
        Assert.Equal(gnu.Stderr, fd.Stderr);
        AssertBytes(gnu.Stdout, fd.Stdout);
        Assert.Equal(gnu.ExitCode, fd.ExitCode);
    }

    /// <summary>Byte comparison that names the first difference instead of dumping megabytes.</summary>
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
