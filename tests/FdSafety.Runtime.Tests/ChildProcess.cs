using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace FdSafety.Runtime.Tests;

/// <summary>What a child run of this test assembly printed, and how it ended.</summary>
internal sealed record ChildResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";
}

/// <summary>
/// Runs one of <see cref="ChildScenarios"/> in a fresh process (this test assembly, started with
/// <c>dotnet exec</c>): for what must not happen in the test host, such as a fail-fast, a lowered
/// descriptor limit or a dropped user id.
/// </summary>
internal static class ChildProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static ChildResult Run(string scenario, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        var start = new ProcessStartInfo(Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        start.ArgumentList.Add(scenario);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Strict mode only where a test asks for it, whatever the test host was started with.
        start.Environment.Remove(OwnedFd.StrictOwnershipEnvironmentVariable);
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException("no process");
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(Timeout))
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"child scenario {scenario} did not finish within {Timeout}");
        }

        child.WaitForExit();
        return new ChildResult(child.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The dotnet host running the tests (testhost runs under it), else the one on PATH.</summary>
    private static string Dotnet()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileName(self) == "dotnet")
        {
            return self;
        }

        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "dotnet";
    }
}
