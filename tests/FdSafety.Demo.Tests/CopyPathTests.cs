using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Demo.Tests;

/// <summary>
/// fdcat against GNU /bin/cat on every copy path fdcat picks: copy_file_range (regular file to regular
/// file), splice (into and out of pipes), sendfile (a file to /dev/null or a socket), and read/write
/// where the kernel refuses (an appending output). Standard input and output are set up by /bin/sh,
/// so both programs get the very same kinds of descriptor. Each test also states the expected bytes.
/// </summary>
public sealed class CopyPathTests
{
    private const long FourGiB = 1L << 32;

    private static readonly byte[] A = RandomBytes((3 * 1024 * 1024) + 77, seed: 11);
    private static readonly byte[] B = Encoding.ASCII.GetBytes("second file\n");

    [Fact]
    public void RegularFileToRegularFile()
    {
        (RunResult fd, byte[] output) = SameOutputFile("exec \"$@\" > out", "a", "b", "a");

        AssertBytes(A.Concat(B).Concat(A).ToArray(), output);
        Assert.Equal(0, fd.ExitCode);
    }

    [Fact]
    public void RegularFileToRegularFileAtTheSharedOutputOffset()
    {
        // The shell's writes before and after land around fdcat's: fdcat writes at, and advances,
        // the offset it shares with the shell.
        (_, byte[] output) = SameOutputFile("{ printf 'head '; \"$@\" b a; printf ' tail'; } > out", "-u");

        AssertBytes(Encoding.ASCII.GetBytes("head ").Concat(B).Concat(A).Concat(Encoding.ASCII.GetBytes(" tail")).ToArray(), output);
    }

    [Fact]
    public void AppendingOutputFallsBackToReadAndWrite()
    {
        (RunResult fd, byte[] output) = SameOutputFile("printf 'first\\n' > out; exec \"$@\" >> out", "a", "b");

        AssertBytes(Encoding.ASCII.GetBytes("first\n").Concat(A).Concat(B).ToArray(), output);
        Assert.Equal(0, fd.ExitCode);
    }

    [Fact]
    public void RegularFileToPipe()
    {
        using var dir = Inputs();

        RunResult fd = Same(dir, "exec \"$@\"", "a", "b", "missing", "a");

        AssertBytes(A.Concat(B).Concat(A).ToArray(), fd.Stdout);
        Assert.Equal("cat: missing: No such file or directory\n", fd.Stderr);
        Assert.Equal(1, fd.ExitCode);
    }

    [Fact]
    public void PipeToRegularFile()
    {
        (RunResult fd, byte[] output) = SameOutputFile("exec \"$@\" > out", A, "-", "b", "-");

        AssertBytes(A.Concat(B).ToArray(), output);
        Assert.Equal(0, fd.ExitCode);
    }

    [Fact]
    public void PipeToPipe()
    {
        using var dir = Inputs();

        RunResult fd = Same(dir, "exec \"$@\"", A, "b", "-");

        AssertBytes(B.Concat(A).ToArray(), fd.Stdout);
    }

    [Fact]
    public void ToDevNullEverythingIsRead()
    {
        // After the program, `cat` prints what is left of the shared standard input: nothing.
        using var dir = Inputs();
        const string script = "\"$@\" > /dev/null; echo \"status $?\"; /bin/cat";

        RunResult fromFile = Same(dir, "{ " + script + "; } < a", "-");
        RunResult fromPipe = Same(dir, script, A, "-");
        RunResult named = Same(dir, "exec \"$@\" > /dev/null", "a", "b");

        Assert.Equal("status 0\n", fromFile.StdoutText);
        Assert.Equal("status 0\n", fromPipe.StdoutText);
        Assert.Equal(0, named.ExitCode);
        Assert.Empty(named.Stdout);
    }

    [Fact]
    public void ToSocket()
    {
        using var dir = Inputs();

        byte[] gnuFile = ThroughSocket(ProgramRunner.Cat, dir, null, "a", "b");
        byte[] fdFile = ThroughSocket(ProgramRunner.Fdcat, dir, null, "a", "b");
        byte[] gnuPipe = ThroughSocket(ProgramRunner.Cat, dir, A, "-");
        byte[] fdPipe = ThroughSocket(ProgramRunner.Fdcat, dir, A, "-");

        AssertBytes(A.Concat(B).ToArray(), fdFile);
        AssertBytes(gnuFile, fdFile);
        AssertBytes(A, fdPipe);
        AssertBytes(gnuPipe, fdPipe);
    }

    [Fact]
    public void StdinTwiceFromARegularFileSharesItsOffset()
    {
        // dd moves the shared offset first; each "-" then reads on from where the last one stopped.
        using var dir = Inputs();
        const string skip = "{ dd bs=1000 skip=1 count=0 2>/dev/null; exec \"$@\"; } < a";

        RunResult toPipe = Same(dir, skip, "-", "b", "-");
        (RunResult toFile, byte[] output) = SameOutputFile(skip + " > out", "-", "b", "-");
        RunResult twoRuns = Same(dir, "{ \"$@\"; \"$@\"; } < a", "-");

        AssertBytes(A.AsSpan(1000).ToArray().Concat(B).ToArray(), toPipe.Stdout);
        AssertBytes(A.AsSpan(1000).ToArray().Concat(B).ToArray(), output);
        Assert.Equal(0, toFile.ExitCode);
        AssertBytes(A, twoRuns.Stdout);
    }

    [Fact]
    public void SparseFileOver4GiB()
    {
        // 4 GiB of hole, then data: the programs start reading at 4 GiB (dd moves the offset), so the
        // test is cheap, yet every offset and size the programs see is above 32 bits.
        using var dir = Inputs();
        byte[] tail = RandomBytes(100_000, seed: 12);
        string sparse = Path.Combine(dir.Path, "sparse");
        using (var stream = new FileStream(sparse, FileMode.Create, FileAccess.Write))
        {
            stream.Seek(FourGiB, SeekOrigin.Begin);
            stream.Write(tail);
        }

        string fromTail = $"{{ dd bs=1 skip={FourGiB} count=0 2>/dev/null; exec \"$@\"; }} < sparse";
        RunResult toPipe = Same(dir, fromTail, "-");
        (_, byte[] toFile) = SameOutputFile(dir, fromTail + " > out", null, "-");
        RunResult toNull = Same(dir, $"{{ dd bs=1 skip={FourGiB} count=0 2>/dev/null; \"$@\" > /dev/null; /bin/cat; }} < sparse", "-");

        AssertBytes(tail, toPipe.Stdout);
        AssertBytes(tail, toFile);
        Assert.Empty(toNull.Stdout);

        // Writing at an output offset above 4 GiB: b lands at 4 GiB + 10 of a sparse output file.
        byte[] gnuWritten = WrittenAbove4GiB(ProgramRunner.Cat, dir);
        byte[] fdWritten = WrittenAbove4GiB(ProgramRunner.Fdcat, dir);
        AssertBytes(new byte[10].Concat(B).Concat(new byte[100 - 10 - B.Length]).ToArray(), fdWritten);
        AssertBytes(gnuWritten, fdWritten);

        // Input is output, with the input's offset above 4 GiB and below its size.
        const string guard = "ulimit -f 2048; export DOTNET_EnableWriteXorExecute=0; ";
        RunResult same = Same(dir, guard + fromTail + " >> sparse", "-");
        Assert.Equal("cat: -: input file is output file\n", same.Stderr);
        Assert.Equal(1, same.ExitCode);
        Assert.Equal(FourGiB + tail.Length, new FileInfo(sparse).Length);
    }

    [Fact]
    public void ProcFileOfSizeZeroOnAnotherFileSystem()
    {
        // /proc/version: a regular file of st_size 0 with text in it, on another file system than the
        // output. copy_file_range refuses the pair (EXDEV) and sendfile takes over; on kernels whose
        // in-kernel copies report end of file at once for such files, fdcat's read probe finds the text.
        byte[] expected = File.ReadAllBytes("/proc/version");

        (RunResult toFile, byte[] output) = SameOutputFile("exec \"$@\" > out", "/proc/version", "b");
        using var dir = Inputs();
        RunResult toPipe = Same(dir, "exec \"$@\"", "/proc/version");

        Assert.NotEmpty(expected);
        AssertBytes(expected.Concat(B).ToArray(), output);
        Assert.Equal(0, toFile.ExitCode);
        AssertBytes(expected, toPipe.Stdout);
    }

    [Fact]
    public void FileThatGrowsWhileRead()
    {
        // The program blocks on a full pipe long before the end of the 2 MiB input; the test then
        // appends, and the program reads on to the new end of file, as read(2) would.
        byte[] extra = RandomBytes(512 * 1024, seed: 13);
        foreach (string[] program in new[] { ProgramRunner.Cat, ProgramRunner.Fdcat })
        {
            using var dir = Inputs();
            string path = Path.Combine(dir.Path, "a");
            byte[] output = Interleaved(program, dir, "a", () =>
            {
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
                stream.Write(extra);
            });

            AssertBytes(A.Concat(extra).ToArray(), output);
        }
    }

    [Fact]
    public void FileThatShrinksWhileRead()
    {
        // Truncated to 1 MiB while the program is blocked on the pipe well before that point: the output
        // is exactly the first 1 MiB, whatever had already been read into the pipe included.
        const int kept = 1024 * 1024;
        foreach (string[] program in new[] { ProgramRunner.Cat, ProgramRunner.Fdcat })
        {
            using var dir = Inputs();
            string path = Path.Combine(dir.Path, "a");
            byte[] output = Interleaved(program, dir, "a", () =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
                stream.SetLength(kept);
            });

            AssertBytes(A.AsSpan(0, kept).ToArray(), output);
        }
    }

    private static TempDir Inputs()
    {
        var dir = new TempDir();
        dir.File("a", A);
        dir.File("b", B);
        return dir;
    }

    private static RunResult Same(TempDir dir, string script, params string[] args) => Same(dir, script, null, args);

    private static RunResult Same(TempDir dir, string script, byte[]? stdin, params string[] args)
    {
        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, args, dir.Path, stdin);
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, args, dir.Path, stdin);
        AssertSame(gnu, fd);
        return fd;
    }

    private static (RunResult Fd, byte[] Output) SameOutputFile(string script, params string[] args) => SameOutputFile(script, null, args);

    private static (RunResult Fd, byte[] Output) SameOutputFile(string script, byte[]? stdin, params string[] args)
    {
        using var dir = Inputs();
        return SameOutputFile(dir, script, stdin, args);
    }

    /// <summary>Runs both programs with a script that writes the file "out"; their runs and files must agree.</summary>
    private static (RunResult Fd, byte[] Output) SameOutputFile(TempDir dir, string script, byte[]? stdin, params string[] args)
    {
        string output = Path.Combine(dir.Path, "out");
        RunResult gnu = ProgramRunner.Shell(script, ProgramRunner.Cat, args, dir.Path, stdin);
        byte[] gnuOutput = File.ReadAllBytes(output);
        File.Delete(output);
        RunResult fd = ProgramRunner.Shell(script, ProgramRunner.Fdcat, args, dir.Path, stdin);
        byte[] fdOutput = File.ReadAllBytes(output);
        File.Delete(output);
        AssertSame(gnu, fd);
        AssertBytes(gnuOutput, fdOutput);
        return (fd, fdOutput);
    }

    /// <summary>
    /// Runs the program on "b" with standard output a 4 GiB + 100 byte sparse file whose offset dd set
    /// to 4 GiB + 10; returns the file's last 100 bytes.
    /// </summary>
    private static byte[] WrittenAbove4GiB(string[] program, TempDir dir)
    {
        string path = Path.Combine(dir.Path, "out");
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            stream.SetLength(FourGiB + 100);
        }

        RunResult run = ProgramRunner.Shell($"{{ dd bs=1 seek={FourGiB + 10} count=0 2>/dev/null; exec \"$@\"; }} 1<> out", program, new[] { "b" }, dir.Path);
        Assert.Equal("", run.Stderr);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(FourGiB + 100, new FileInfo(path).Length);
        byte[] last = new byte[100];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
        {
            stream.Seek(FourGiB, SeekOrigin.Begin);
            stream.ReadExactly(last);
        }

        File.Delete(path);
        return last;
    }

    /// <summary>Runs <paramref name="program"/> with standard output a TCP socket on the loopback address.</summary>
    private static byte[] ThroughSocket(string[] program, TempDir dir, byte[]? stdin, params string[] args)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<byte[]> receive = Task.Run(() =>
        {
            using TcpClient client = listener.AcceptTcpClient();
            using var received = new MemoryStream();
            client.GetStream().CopyTo(received);
            return received.ToArray();
        });

        // bash opens /dev/tcp/HOST/PORT itself: the program's stdout is the connected socket.
        RunResult run = ProgramRunner.Run(new[] { "/bin/bash", "-c", $"exec \"$@\" > /dev/tcp/127.0.0.1/{port}", "bash" }.Concat(program).ToArray(), args, dir.Path, stdin);
        Assert.True(receive.Wait(ProgramRunner.Timeout), "nothing connected");
        Assert.Equal("", run.Stderr);
        Assert.Equal(0, run.ExitCode);
        return receive.Result;
    }

    /// <summary>
    /// Starts <paramref name="program"/> on <paramref name="input"/> with stdout a pipe, waits for its
    /// first bytes (it is then blocked on the full pipe, far from the end of the input), runs
    /// <paramref name="meanwhile"/>, then reads the rest.
    /// </summary>
    private static byte[] Interleaved(string[] program, TempDir dir, string input, Action meanwhile)
    {
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--default-signal=PIPE" }.Concat(program).Append(input))
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program[0]);
        process.StandardInput.Close();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Stream stdout = process.StandardOutput.BaseStream;
        var output = new MemoryStream();
        byte[] first = new byte[1];
        Task<int> firstRead = stdout.ReadAsync(first, 0, 1);
        Assert.True(firstRead.Wait(ProgramRunner.Timeout), "no output");
        output.Write(first, 0, firstRead.Result);

        // Let the program fill the pipe and block: what it has read is then at most a pipe's worth
        // plus its buffer, far below the point where the input changes.
        System.Threading.Thread.Sleep(200);
        meanwhile();

        Task copy = stdout.CopyToAsync(output);
        Assert.True(copy.Wait(ProgramRunner.Timeout), "output did not end");
        Assert.True(process.WaitForExit(ProgramRunner.Timeout), "program did not exit");
        Assert.Equal("", stderr.Result);
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }

    private static void AssertSame(RunResult gnu, RunResult fd)
    {
        Assert.Equal(gnu.Stderr, fd.Stderr);
        AssertBytes(gnu.Stdout, fd.Stdout);
        Assert.Equal(gnu.ExitCode, fd.ExitCode);
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
