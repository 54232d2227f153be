using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace FdSafety.Demo.Tests;

/// <summary>What one run of a program produced.</summary>
internal sealed record RunResult(int ExitCode, byte[] Stdout, string Stderr, TimeSpan Elapsed)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public override string ToString() =>
        $"exit {ExitCode}, {Stdout.Length} bytes out, stderr: \"{Stderr}\", {Elapsed.TotalMilliseconds:F0} ms";
}

/// <summary>Starts GNU cat, fdcat and /bin/sh; nothing here depends on the working directory.</summary>
internal static class ProgramRunner
{
    /// <summary>How long any single run may take before the test fails (fdcat starts a .NET runtime).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public const string GnuCat = "/bin/cat";

    /// <summary>
    /// Every program starts through env(1) with SIGPIPE back at its default action. The test host
    /// is a .NET process, which ignores SIGPIPE, and an ignored signal stays ignored across exec:
    /// without this GNU cat would print "write error: Broken pipe" where from a shell it dies of
    /// SIGPIPE. (fdcat ignores SIGPIPE either way: the .NET runtime sets it so.)
    /// </summary>
    private static readonly string[] DefaultSigpipe = { "/usr/bin/env", "--default-signal=PIPE" };

    /// <summary>fdcat.dll, copied next to this test assembly by the project reference.</summary>
    public static string FdcatDll { get; } = FindFdcat();

    /// <summary>The dotnet host that runs fdcat.dll.</summary>
    public static string Dotnet { get; } = FindDotnet();

    /// <summary>
    /// The command line that starts fdcat: dotnet and fdcat.dll, or, when the environment variable
    /// FDCAT_NATIVE names a file (the NativeAOT binary from `dotnet publish demo/cat`), that binary,
    /// so that the same tests check the published program:
    /// <c>FDCAT_NATIVE=DIR/fdcat dotnet test tests/FdSafety.Demo.Tests</c>.
    /// </summary>
    public static string[] Fdcat => Native is { } native ? new[] { native } : new[] { Dotnet, FdcatDll };

    private static string? Native { get; } =
        Environment.GetEnvironmentVariable("FDCAT_NATIVE") is { Length: > 0 } path && File.Exists(path) ? Path.GetFullPath(path) : null;

    /// <summary>
    /// The command line that starts GNU cat with argv[0] "cat", as a shell would, so that its
    /// messages start "cat:" like fdcat's rather than "/bin/cat:" (bash's exec -a sets argv[0]).
    /// </summary>
    public static string[] Cat => new[] { "/bin/bash", "-c", "exec -a cat " + GnuCat + " \"$@\"", "cat" };

    /// <summary>
    /// Runs <paramref name="command"/> followed by <paramref name="args"/> in <paramref name="workDir"/>,
    /// feeding <paramref name="stdin"/> (nothing: an empty, closed stdin).
    /// </summary>
    public static RunResult Run(IEnumerable<string> command, IEnumerable<string> args, string workDir, byte[]? stdin = null)
    {
        var all = DefaultSigpipe.Concat(command).Concat(args).ToList();
        var start = new ProcessStartInfo(all[0])
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in all.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        // The same untranslated messages from GNU cat whatever the machine's locale.
        start.Environment["LC_ALL"] = "C";
        start.Environment.Remove("LANGUAGE");

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {all[0]}");
        var stdout = new MemoryStream();
        Task readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> readErr = process.StandardError.ReadToEndAsync();
        Task feed = Task.Run(() =>
        {
            try
            {
                if (stdin != null)
                {
                    process.StandardInput.BaseStream.Write(stdin);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program stopped reading (it may not read stdin at all): fine.
            }
        });

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', all)} did not finish within {Timeout}");
        }

        process.WaitForExit();
        Task.WaitAll(readOut, readErr, feed);
        clock.Stop();
        return new RunResult(process.ExitCode, stdout.ToArray(), readErr.Result, clock.Elapsed);
    }

    /// <summary>
    /// Runs <paramref name="script"/> with /bin/sh -c, the program's command line as "$@", so that a
    /// test can redirect it (">> f", "> /dev/full", "| head") without quoting any path.
    /// </summary>
    public static RunResult Shell(string script, IEnumerable<string> command, IEnumerable<string> args, string workDir, byte[]? stdin = null) =>
        Run(new[] { "/bin/sh", "-c", script, "sh" }, command.Concat(args), workDir, stdin);

    private static string FindFdcat()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fdcat.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("fdcat.dll is not next to the test assembly; build tests/FdSafety.Demo.Tests", path);
        }

        return path;
    }

    private static string FindDotnet()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "/usr/share/dotnet/dotnet";
    }
}

/// <summary>A fresh directory for one test's files, removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("fdcat-test-").FullName;
    }

    public string Path { get; }

    public string File(string name, byte[] contents)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, contents);
        return path;
    }

    public string File(string name, string contents) => File(name, Encoding.UTF8.GetBytes(contents));

    public byte[] Read(string name) => System.IO.File.ReadAllBytes(System.IO.Path.Combine(Path, name));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
