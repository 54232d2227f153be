using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace FdSafety.CodeFixes.Tests.RoundTrip
{
    /// <summary>
    /// The real proof of the fixes: each program, rewritten by <c>dotnet format analyzers</c> with every
    /// FDS id, behaves exactly as the original — the same bytes on stdout and stderr, the same files
    /// with the same contents and modes, the same exit status — on normal inputs and on error inputs
    /// (a missing file, a directory, an existing output, /dev/full as stdout). What the analyzer still
    /// reports in the rewritten code is stated exactly, with the reason no fix applies.
    /// </summary>
    /// <remarks>
    /// Unreadable input (mode 000) is not among the inputs: the tests may run as root, who reads it anyway.
    /// </remarks>
    [Trait("Category", "RoundTrip")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public class RoundTripTests : IClassFixture<RoundTripFixture>
    {
        private readonly RoundTripFixture _fixture;

        public RoundTripTests(RoundTripFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void TeeBecomesCleanAndBehavesTheSame()
        {
            Assert.Empty(_fixture.RemainingFindings("tee"));
            Assert.Contains("OpenFlags.O_CLOEXEC", _fixture.FixedSource("tee"));
            Same("tee", new Scenario(new[] { "a.txt", "b.txt" }, stdin: "one\ntwo\n"));
            Same("tee", new Scenario(new[] { "a.txt", "missing/b.txt", "c.txt" }, stdin: "x\n"));
            Same("tee", new Scenario(new[] { "dir" }, stdin: "x\n"));
            Same("tee", new Scenario(new[] { "a.txt" }, stdin: "to a full disk\n", stdoutToDevFull: true));
        }

        [Fact]
        public void EachPathBecomesCleanAndBehavesTheSame()
        {
            Assert.Empty(_fixture.RemainingFindings("each-path"));
            var source = _fixture.FixedSource("each-path");
            Assert.Contains("Native.fcntl(1, Native.F_DUPFD_CLOEXEC, 0)", source);
            Assert.Contains("OwnedFd.FromRawFd(", source);
            Assert.Contains("BorrowedFd fd", source);
            Same("each-path", new Scenario(new[] { "in1.txt", "missing.txt", "dir", "in2.txt" }));
            Same("each-path", new Scenario(new[] { "in1.txt", "in2.txt" }));
            Same("each-path", new Scenario(new[] { "in1.txt" }, stdoutToDevFull: true));
        }

        [Fact]
        public void SplitBecomesCleanWithItsHelperReturningAnOwnerAndBehavesTheSame()
        {
            // OpenChunk returns Syscall.open's result, -1 on failure: it now returns OwnedFd? (null for
            // -1), and Main keeps its raw number and failure check through `owner == null ? -1 :
            // owner.IntoRawFd()`, which the FDS0003 fix then gives an owner of its own.
            Assert.Empty(_fixture.RemainingFindings("split"));
            var source = _fixture.FixedSource("split");
            Assert.Contains("using (OwnedFd input = OwnedFd.FromRawFd(inputRaw))", source);
            Assert.Contains("private static OwnedFd? OpenChunk(string prefix, int index)", source);
            Assert.Contains("return fd < 0 ? null : OwnedFd.FromRawFd(fd);", source);
            Assert.Matches(@"OwnedFd\? (\w+) = OpenChunk\(args\[1\], index\);\s+int \w+ = \1 == null \? -1 : \1\.IntoRawFd\(\);", source);
            Assert.Contains("using (OwnedFd chunk = OwnedFd.FromRawFd(", source);
            Same("split", new Scenario(new[] { "in1.txt", "part", "4" }));
            Same("split", new Scenario(new[] { "in2.txt", "part", "30000" }));
            Same("split", new Scenario(new[] { "in1.txt", "exists", "4" }));
            Same("split", new Scenario(new[] { "missing.txt", "part", "4" }));
            Same("split", new Scenario(new[] { "dir", "part", "4" }));
            Same("split", new Scenario(new[] { "in1.txt" }));
        }

        [Fact]
        public void PipeChannelHoldsItsEndsInOwnersAndBehavesTheSame()
        {
            // Both ends in int fields, filled by the constructor from pipe's array: the fields become
            // OwnedFd, the class IDisposable, the constructor takes owners, Drain's closes dispose them
            // at the same points.
            Assert.Empty(_fixture.RemainingFindings("pipe-channel"));
            var source = _fixture.FixedSource("pipe-channel");
            Assert.Contains("Native.pipe2(fds, Native.O_CLOEXEC)", source);
            Assert.Contains("internal sealed class Channel : IDisposable", source);
            Assert.Contains("private readonly OwnedFd _read;", source);
            Assert.Contains("private readonly OwnedFd _write;", source);
            Assert.Contains("private Channel(OwnedFd read, OwnedFd write)", source);
            Assert.Contains("return new Channel(OwnedFd.FromRawFd(fds[0]), OwnedFd.FromRawFd(fds[1]));", source);
            Assert.Contains("Native.write(_write.AsRawFd(), p + done", source);
            Assert.Matches(@"public unsafe byte\[\] Drain\(\)\s+\{\s+_write\.Dispose\(\);", source);
            Assert.Matches(@"_read\.Dispose\(\);\s+return result\.ToArray\(\);", source);
            Assert.Matches(@"public void Dispose\(\)\s+\{\s+_read\.Dispose\(\);\s+_write\.Dispose\(\);\s+\}", source);
            Same("pipe-channel", new Scenario(new[] { "alpha", "", "two words" }));
            Same("pipe-channel", new Scenario(Array.Empty<string>()));
        }

        [Fact]
        public void NaiveCatBehavesTheSameAndWhatRemainsIsStated()
        {
            // naive-cat never checks OpenInput's result in Main and OpenInput returns its descriptor:
            // each remaining fix would change what it does with -1 or who closes the descriptor.
            int main = LineOf("naive-cat", "int fd = OpenInput(path);");
            int open = LineOf("naive-cat", "int fd = Syscall.open(path");
            Assert.Equal(
                new[]
                {
                    "FDS0003 " + main,                                             // lost at `return 1` after a write error
                    "FDS0003 " + open,                                             // lost at the directory branch's `return -1`
                    "FDS0004 " + LineOf("naive-cat", "private static bool CopyTo(int fd"),     // its caller passes a raw int
                    "FDS0004 " + LineOf("naive-cat", "private static int OpenInput"),          // a returned descriptor
                    "FDS0005 " + (main + 1),                                       // used unchecked: only a throw would do
                }.OrderBy(s => s, StringComparer.Ordinal),
                _fixture.RemainingFindings("naive-cat"));
            var source = _fixture.FixedSource("naive-cat");
            Assert.Contains("OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC", source);
            Assert.Contains("if (fd < 0) return -1;", source);
            Same("naive-cat", new Scenario(new[] { "in1.txt", "in2.txt" }));
            Same("naive-cat", new Scenario(Array.Empty<string>(), stdin: "from stdin\n"));
            Same("naive-cat", new Scenario(new[] { "in1.txt", "missing.txt", "in2.txt" }));
            Same("naive-cat", new Scenario(new[] { "dir", "in1.txt" }));
            Same("naive-cat", new Scenario(new[] { "in1.txt" }, stdoutToDevFull: true));
        }

        private int LineOf(string program, string text)
        {
            var lines = _fixture.FixedSource(program).Split('\n');
            int index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
            Assert.True(index >= 0, text + " not found in the fixed " + program);
            return index + 1;
        }

        private sealed class Scenario
        {
            public Scenario(string[] args, string stdin = "", bool stdoutToDevFull = false)
            {
                Args = args;
                Stdin = stdin;
                StdoutToDevFull = stdoutToDevFull;
            }

            public string[] Args { get; }
            public string Stdin { get; }
            public bool StdoutToDevFull { get; }

            public override string ToString() => "[" + string.Join(", ", Args) + "]" + (StdoutToDevFull ? " > /dev/full" : "");
        }

        /// <summary>Runs both builds of the program on the same fresh inputs and compares everything observable.</summary>
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private void Same(string program, Scenario scenario)
        {
            var original = Observe(_fixture.Executable("original", program), scenario);
            var rewritten = Observe(_fixture.Executable("fixed", program), scenario);
            Assert.True(original.Equals(rewritten), program + " " + scenario + " behaves differently after the fixes:\n--- original\n" + original + "\n--- fixed\n" + rewritten);
        }

        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private Observation Observe(string executable, Scenario scenario)
        {
            var work = Path.Combine(_fixture.Root, "runs", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(work);
            File.WriteAllText(Path.Combine(work, "in1.txt"), "first file\nsecond line\n");
            File.WriteAllBytes(Path.Combine(work, "in2.txt"), Enumerable.Range(0, 70000).Select(i => (byte)(i * 7)).ToArray());
            Directory.CreateDirectory(Path.Combine(work, "dir"));
            File.WriteAllText(Path.Combine(work, "exists.000"), "already here");
            File.WriteAllText(Path.Combine(work, "stdin"), scenario.Stdin);
            string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
            string stdout = scenario.StdoutToDevFull ? "/dev/full" : "stdout.bin";
            string command = "exec dotnet " + Quote(executable) + " " + string.Join(" ", scenario.Args.Select(Quote))
                + " < stdin > " + stdout + " 2> stderr.bin";
            var info = new ProcessStartInfo("/bin/sh", new[] { "-c", command }) { WorkingDirectory = work, UseShellExecute = false };
            using var process = Process.Start(info)!;
            if (!process.WaitForExit(60000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(executable + " " + scenario + " did not finish in 60 s");
            }
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFileSystemEntries(work, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetRelativePath(work, path);
                if (name == "stdin") continue;
                var mode = File.GetUnixFileMode(path);
                files[name] = Directory.Exists(path)
                    ? "dir " + mode
                    : mode + " " + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))
                        + (name.EndsWith(".bin", StringComparison.Ordinal) ? " " + Encoding.UTF8.GetString(File.ReadAllBytes(path)).Replace(work, "<work>") : "");
            }
            return new Observation(process.ExitCode, string.Join("\n", files.Select(f => f.Key + ": " + f.Value)));
        }

        private sealed record Observation(int ExitStatus, string Files)
        {
            public override string ToString() => "exit " + ExitStatus + "\n" + (Files.Length > 4000 ? Files.Substring(0, 4000) + "..." : Files);
        }
    }
}
