using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace FdSafety.Package.Tests;

/// <summary>What one dotnet command printed and how it ended.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public override string ToString() => $"`{Command}` exited {ExitCode} after {Elapsed.TotalSeconds:F1} s:\n{Output}";
}

/// <summary>
/// Runs the dotnet CLI as a user's shell would. The test host's own MSBuild variables are removed (they
/// describe the build that started the tests, not the user's), output is in English, and MSBuild leaves
/// no worker nodes behind.
/// </summary>
internal static class Dotnet
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    public static string Executable { get; } = Find();

    public static async Task<CommandResult> RunAsync(string workDir, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (environment != null)
        {
            foreach (var (name, value) in environment) start.Environment[name] = value;
        }

        string command = "dotnet " + string.Join(" ", args);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + Executable);
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var lockObject = new object();
        Task readOut = Pump(process.StandardOutput, stdout, output, lockObject);
        Task readErr = Pump(process.StandardError, stderr, output, lockObject);
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(Timeout)) != exited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"`{command}` in {workDir} did not finish within {Timeout.TotalMinutes} minutes:\n{output}");
        }
        await Task.WhenAll(readOut, readErr);
        return new CommandResult(command, process.ExitCode, output.ToString(), stdout.ToString(), stderr.ToString(), clock.Elapsed);
    }

    /// <summary>Runs the command and fails with its whole output unless it exits 0.</summary>
    public static async Task<CommandResult> RunCheckedAsync(string workDir, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var result = await RunAsync(workDir, environment, args);
        if (result.ExitCode != 0) throw new Xunit.Sdk.XunitException("Command failed: " + result);
        return result;
    }

    /// <summary>Copies one stream into its own text and, line by line, into the interleaved output.</summary>
    private static async Task Pump(StreamReader reader, StringBuilder own, StringBuilder both, object lockObject)
    {
        string? line;
        while ((line = await reader.ReadLineAsync()) != null)
        {
            lock (lockObject)
            {
                own.Append(line).Append('\n');
                both.Append(line).Append('\n');
            }
        }
    }

    /// <summary>The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string Find()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        return "dotnet";
    }
}
