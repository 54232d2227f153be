using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace FdSafety.Package.Tests;

/// <summary>
/// A project that adds the one package gets the runtime types, the analyzer's warnings at their
/// places, errors under -warnaserror, .editorconfig severities, SARIF with help links and CWE tags,
/// and the code fixes through `dotnet format analyzers`.
/// </summary>
[Trait("Category", "Package")]
[Collection(PackageCollection.Name)]
public class ConsumerProjectTests : IClassFixture<ConsumerProject>
{
    /// <summary>The CWE tags of each rule (DESIGN.md's rule table; FDS9000 reports an internal analysis failure).</summary>
    private static readonly Dictionary<string, string[]> Cwes = new()
    {
        ["FDS0001"] = new[] { "CWE-1341" },
        ["FDS0002"] = new[] { "CWE-910" },
        ["FDS0003"] = new[] { "CWE-775" },
        ["FDS0004"] = Array.Empty<string>(),
        ["FDS0005"] = new[] { "CWE-252", "CWE-690" },
        ["FDS0006"] = new[] { "CWE-1341" },
        ["FDS0007"] = new[] { "CWE-403" },
        ["FDS0008"] = Array.Empty<string>(),
        ["FDS0009"] = new[] { "CWE-252" },
        ["FDS9000"] = Array.Empty<string>(),
    };

    private static readonly Finding[] Expected =
    {
        new("Raw.cs", 7, 18, "warning", "FDS0007"),
        new("Raw.cs", 15, 18, "warning", "FDS0003"),
    };

    private readonly ConsumerProject project;
    private readonly ITestOutputHelper log;

    public ConsumerProjectTests(ConsumerProject project, ITestOutputHelper log)
    {
        this.project = project;
        this.log = log;
        foreach (var command in project.Commands) log.WriteLine($"(shared) {command.Command}: exit {command.ExitCode}, {command.Elapsed.TotalSeconds:F1} s");
    }

    private CommandResult Logged(CommandResult result)
    {
        log.WriteLine($"{result.Command}: exit {result.ExitCode}, {result.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    [Fact]
    public void RestoredFdSafetyIsThePackageJustPacked()
    {
        Assert.True(project.PackagesFolderWasEmpty, "the private packages folder existed before this run");
        Assert.True(project.Build.ExitCode == 0, project.Build.ToString());
        string version = Repository.Version;
        string restored = Path.Combine(project.PackagesFolder, "fdsafety", version, $"fdsafety.{version}.nupkg.sha512");
        Assert.True(File.Exists(restored), "FdSafety was not restored into the private packages folder");
        string packed = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(project.Pack.PackagePath)));
        Assert.Equal(packed, File.ReadAllText(restored).Trim());
        // The runtime dependency came from the machine's source into the same fresh folder.
        Assert.True(Directory.Exists(Path.Combine(project.PackagesFolder, "mono.posix.netstandard")), "Mono.Posix.NETStandard was not restored into the private packages folder");
    }

    [Fact]
    public void BuildPrintsEachWarningAtItsPlace()
    {
        Assert.True(project.Build.ExitCode == 0, project.Build.ToString());
        Assert.Equal(Expected, ConsumerProject.Findings(project.Build, project.AppDir));
        Assert.Matches(@"Raw\.cs\(15,18\): warning FDS0003: 'fd' acquired on line 15 is not closed on every path", project.Build.Output);
    }

    [Fact]
    public async Task WarnAsErrorFailsWithFdsErrors()
    {
        var (dir, build) = await project.WarnAsError;
        var result = Logged(build);
        Assert.True(result.ExitCode != 0, "the build succeeded under -warnaserror:\n" + result);
        Assert.Equal(Expected.Select(f => f with { Severity = "error" }), ConsumerProject.Findings(result, dir));
        Assert.Contains("error FDS0007", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditorconfigSeverityNoneSilencesThatRuleOnly()
    {
        var (dir, build) = await project.SeverityNone;
        var result = Logged(build);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Expected.Where(f => f.Id != "FDS0003"), ConsumerProject.Findings(result, dir));
    }

    [Fact]
    public void SarifRulesCarryHelpUriToTheirSectionAndTheirCwe()
    {
        Assert.True(project.Build.ExitCode == 0, project.Build.ToString());
        string sarifPath = Path.Combine(project.AppDir, "x.sarif");
        Assert.True(File.Exists(sarifPath), "-p:ErrorLog=x.sarif%2Cversion=2.1 wrote no x.sarif");
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs").EnumerateArray().Single();

        var results = run.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString()!.StartsWith("FDS", StringComparison.Ordinal))
            .Select(r =>
            {
                var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                var region = location.GetProperty("region");
                return $"{Path.GetFileName(new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath)}" +
                    $"({region.GetProperty("startLine").GetInt32()},{region.GetProperty("startColumn").GetInt32()}): " +
                    $"{r.GetProperty("level").GetString()} {r.GetProperty("ruleId").GetString()}";
            })
            .OrderBy(s => s, StringComparer.Ordinal);
        Assert.Equal(Expected.Select(f => f.ToString()).OrderBy(s => s, StringComparer.Ordinal), results);

        string shippedRules = ShippedRulesDoc();
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("id").GetString()!.StartsWith("FDS", StringComparison.Ordinal))
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        Assert.Equal(Cwes.Keys.OrderBy(k => k, StringComparer.Ordinal), rules.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (id, rule) in rules)
        {
            string fragment = id.ToLowerInvariant();
            Assert.Equal(Repository.RulesDocUrl + "#" + fragment, rule.GetProperty("helpUri").GetString());
            Assert.True(Regex.IsMatch(shippedRules, "<a\\s+id=\"" + fragment + "\""), $"the docs/rules.md in the package has no anchor #{fragment}");
            // SARIF leaves out an empty tag list.
            var tags = rule.TryGetProperty("properties", out var properties) && properties.TryGetProperty("tags", out var tagArray)
                ? tagArray.EnumerateArray().Select(t => t.GetString()!).ToList()
                : new List<string>();
            Assert.Equal(Cwes[id], tags.Where(t => t.StartsWith("CWE-", StringComparison.Ordinal)).OrderBy(t => t, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task ProgramRunsOnOwnedFdFromThePackage()
    {
        Assert.True(project.Build.ExitCode == 0, project.Build.ToString());
        string output = Path.Combine(project.AppDir, "bin", "Debug", "net10.0");
        using (var package = ZipFile.OpenRead(project.Pack.PackagePath))
        {
            Assert.Equal(PackageContentsTests.Read(package, "lib/net8.0/FdSafety.Runtime.dll"), File.ReadAllBytes(Path.Combine(output, "FdSafety.Runtime.dll")));
        }

        string input = Path.Combine(project.AppDir, "Raw.cs");
        var run = await Dotnet.RunAsync(project.AppDir, null, Path.Combine(output, "app.dll"), input);
        Assert.True(run.ExitCode == 0, run.ToString());
        long size = new FileInfo(input).Length;
        Assert.Equal(File.ReadAllText(input), run.Stdout);
        Assert.Equal($"cloexec: True, can open: True, size: {size}\n", run.Stderr);

        var missing = await Dotnet.RunAsync(project.AppDir, null, Path.Combine(output, "app.dll"), Path.Combine(project.AppDir, "no-such-file"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Equal("", missing.Stdout);
        Assert.Contains("FdSafety.PosixException", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("no-such-file", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotnetFormatAppliesTheCloexecFixFromThePackage()
    {
        var (dir, format, build) = await project.FormatFix;
        Logged(format);
        Logged(build);
        Assert.True(format.ExitCode == 0, format.ToString());

        string expected = ConsumerProject.RawSource.Replace(
            "int fd = Syscall.open(path, OpenFlags.O_RDONLY);",
            "int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);", StringComparison.Ordinal);
        Assert.NotEqual(ConsumerProject.RawSource, expected);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(dir, "Raw.cs")));
        Assert.Equal(ConsumerProject.ProgramSource, File.ReadAllText(Path.Combine(dir, "Program.cs")));

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(Expected.Where(f => f.Id != "FDS0007"), ConsumerProject.Findings(build, dir));
    }

    private string ShippedRulesDoc()
    {
        using var package = ZipFile.OpenRead(project.Pack.PackagePath);
        return System.Text.Encoding.UTF8.GetString(PackageContentsTests.Read(package, "docs/rules.md"));
    }
}
