using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Package.Tests;

/// <summary>One FDSxxxx line of build output: file (relative to the project), position, severity, id.</summary>
internal sealed record Finding(string File, int Line, int Column, string Severity, string Id)
{
    public override string ToString() => $"{File}({Line},{Column}): {Severity} {Id}";
}

/// <summary>
/// A fresh console project outside the repository that adds FdSafety from the folder the pack wrote
/// it to, restored into a private packages folder made for this run, so that no package cached by an
/// earlier run can stand in for the one just packed. Every other package (Mono.Posix.NETStandard)
/// comes from the sources this machine is configured with.
/// </summary>
public sealed class ConsumerProject : IAsyncLifetime
{
    /// <summary>Raw descriptor code with one FDS0007 (no O_CLOEXEC) and one FDS0003 (leak on the fstat failure path).</summary>
    public const string RawSource = """
        using Mono.Unix.Native;

        internal static class Raw
        {
            internal static bool CanOpen(string path)
            {
                int fd = Syscall.open(path, OpenFlags.O_RDONLY);
                if (fd < 0) return false;
                Syscall.close(fd);
                return true;
            }

            internal static long Size(string path)
            {
                int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                if (fd < 0) return -1;
                if (Syscall.fstat(fd, out Stat st) != 0) return -1;
                Syscall.close(fd);
                return st.st_size;
            }
        }

        """;

    /// <summary>cat on the runtime's owned types: clean for the analyzer.</summary>
    public const string ProgramSource = """
        using FdSafety;
        using Mono.Unix.Native;

        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: app FILE");
            return 2;
        }

        using OwnedFd file = Fd.Open(args[0], OpenFlags.O_RDONLY);
        bool cloexec = (Syscall.fcntl(file.AsRawFd(), FcntlCommand.F_GETFD) & 1) != 0;
        Span<byte> buffer = stackalloc byte[4096];
        int n;
        while ((n = Fd.Read(file, buffer)) > 0)
        {
            Fd.WriteAll(BorrowedFd.Stdout, buffer[..n]);
        }
        Console.Error.WriteLine($"cloexec: {cloexec}, can open: {Raw.CanOpen(args[0])}, size: {Raw.Size(args[0])}");
        return 0;

        """;

    private static readonly Regex FindingLine = new(
        @"^(?<file>[^\s(][^(\r\n]*)\((?<line>\d+),(?<col>\d+)\): (?<sev>warning|error) (?<id>FDS\d{4}):", RegexOptions.Multiline);

    public string WorkRoot { get; } = Path.Combine(Packing.Scratch, "consumer");

    /// <summary>The private NuGet packages folder (NUGET_PACKAGES) of every command run here.</summary>
    public string PackagesFolder { get; } = Path.Combine(Packing.Scratch, "consumer-nuget-packages");

    public string AppDir => Path.Combine(WorkRoot, "app");

    internal PackResult Pack { get; private set; } = null!;

    /// <summary>`dotnet build --no-incremental -p:ErrorLog=x.sarif%2Cversion=2.1` of the fresh project.</summary>
    internal CommandResult Build { get; private set; } = null!;

    /// <summary>The pack and the commands of the set-up, for the tests' logs.</summary>
    internal List<CommandResult> Commands { get; } = new();

    public bool PackagesFolderWasEmpty { get; private set; }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesFolder };

    public async Task InitializeAsync()
    {
        Pack = await Packing.First;
        Commands.Add(Pack.Command);
        Directory.CreateDirectory(WorkRoot);
        PackagesFolderWasEmpty = !Directory.Exists(PackagesFolder);
        Directory.CreateDirectory(PackagesFolder);

        // Whatever a parent folder of the scratch space holds must not shape this build.
        File.WriteAllText(Path.Combine(WorkRoot, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(WorkRoot, "Directory.Build.targets"), "<Project />\n");
        var machineSources = await MachineSourcesAsync();
        File.WriteAllText(Path.Combine(WorkRoot, "nuget.config"), NugetConfig(machineSources));

        Directory.CreateDirectory(AppDir);
        File.WriteAllText(Path.Combine(AppDir, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FdSafety" Version="{Repository.Version}" />
              </ItemGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(AppDir, "Raw.cs"), RawSource);
        File.WriteAllText(Path.Combine(AppDir, "Program.cs"), ProgramSource);

        Build = await Dotnet.RunAsync(AppDir, Environment, "build", "--no-incremental", "-p:ErrorLog=x.sarif%2Cversion=2.1");
        Commands.Add(Build);

        // The variants build copies of the project in folders of their own, so they run side by side.
        WarnAsError = Task.Run(async () =>
        {
            string dir = CopyApp("app-warnaserror");
            return (dir, await Dotnet.RunAsync(dir, Environment, "build", "--no-incremental", "-warnaserror"));
        });
        SeverityNone = Task.Run(async () =>
        {
            string dir = CopyApp("app-editorconfig");
            File.WriteAllText(Path.Combine(dir, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.FDS0003.severity = none\n");
            return (dir, await Dotnet.RunAsync(dir, Environment, "build", "--no-incremental"));
        });
        FormatFix = Task.Run(async () =>
        {
            string dir = CopyApp("app-format");
            var format = await Dotnet.RunAsync(dir, Environment, "format", "analyzers", "--diagnostics", "FDS0007");
            var build = await Dotnet.RunAsync(dir, Environment, "build", "--no-incremental");
            return (dir, format, build);
        });
    }

    /// <summary>`dotnet build --no-incremental -warnaserror` of a copy of the project.</summary>
    internal Task<(string Dir, CommandResult Build)> WarnAsError { get; private set; } = null!;

    /// <summary>`dotnet build --no-incremental` of a copy with `dotnet_diagnostic.FDS0003.severity = none` in its .editorconfig.</summary>
    internal Task<(string Dir, CommandResult Build)> SeverityNone { get; private set; } = null!;

    /// <summary>`dotnet format analyzers --diagnostics FDS0007` on a copy, then `dotnet build --no-incremental` of it.</summary>
    internal Task<(string Dir, CommandResult Format, CommandResult Build)> FormatFix { get; private set; } = null!;

    /// <summary>Waits for the variants, so that no build outlives the tests.</summary>
    public async Task DisposeAsync()
    {
        foreach (Task? task in new Task?[] { WarnAsError, SeverityNone, FormatFix })
        {
            if (task == null) continue;
            try
            {
                await task;
            }
            catch (Exception)
            {
                // Already reported by the test that awaited it.
            }
        }
    }

    /// <summary>A copy of the app's sources (no bin/obj) in a sibling folder, for a variant of the build.</summary>
    public string CopyApp(string name)
    {
        string dir = Path.Combine(WorkRoot, name);
        Directory.CreateDirectory(dir);
        foreach (var file in new[] { "app.csproj", "Raw.cs", "Program.cs" })
        {
            File.Copy(Path.Combine(AppDir, file), Path.Combine(dir, file));
        }
        return dir;
    }

    /// <summary>The FDS diagnostics of a build's output, once each, with files relative to <paramref name="projectDir"/>.</summary>
    internal static List<Finding> Findings(CommandResult result, string projectDir)
    {
        string prefix = projectDir.TrimEnd('/') + "/";
        return FindingLine.Matches(result.Output)
            .Select(m => new Finding(
                m.Groups["file"].Value.StartsWith(prefix, StringComparison.Ordinal) ? m.Groups["file"].Value.Substring(prefix.Length) : m.Groups["file"].Value,
                int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), m.Groups["sev"].Value, m.Groups["id"].Value))
            .Distinct()
            .OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The package sources a project in the scratch folder sees before it has a nuget.config of its own.</summary>
    private async Task<List<(string Name, string Url)>> MachineSourcesAsync()
    {
        var list = await Dotnet.RunCheckedAsync(WorkRoot, Environment, "nuget", "list", "source", "--format", "detailed");
        Commands.Add(list);
        var lines = list.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var sources = new List<(string, string)>();
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            var m = Regex.Match(lines[i], @"^\s*\d+\.\s+(?<name>.+?)\s+\[Enabled\]\s*$");
            if (m.Success) sources.Add((m.Groups["name"].Value, lines[i + 1].Trim()));
        }
        if (sources.Count == 0) throw new InvalidOperationException("This machine has no enabled NuGet source for Mono.Posix.NETStandard:\n" + list.Output);
        return sources;
    }

    /// <summary>
    /// The local folder for FdSafety (source mapping: FdSafety comes from nowhere else) and the
    /// machine's own sources, under their own names, for everything else.
    /// </summary>
    private string NugetConfig(List<(string Name, string Url)> machineSources)
    {
        var xml = new StringBuilder();
        xml.AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        xml.AppendLine("<configuration>");
        xml.AppendLine("  <config>");
        xml.AppendLine($"    <add key=\"globalPackagesFolder\" value=\"{SecurityElement.Escape(PackagesFolder)}\" />");
        xml.AppendLine("  </config>");
        xml.AppendLine("  <packageSources>");
        xml.AppendLine("    <clear />");
        xml.AppendLine($"    <add key=\"fdsafety-local\" value=\"{SecurityElement.Escape(Pack.OutputDir)}\" />");
        foreach (var (name, url) in machineSources)
        {
            xml.AppendLine($"    <add key=\"{SecurityElement.Escape(name)}\" value=\"{SecurityElement.Escape(url)}\" />");
        }
        xml.AppendLine("  </packageSources>");
        xml.AppendLine("  <packageSourceMapping>");
        xml.AppendLine("    <packageSource key=\"fdsafety-local\">");
        xml.AppendLine("      <package pattern=\"FdSafety\" />");
        xml.AppendLine("    </packageSource>");
        foreach (var (name, _) in machineSources)
        {
            xml.AppendLine($"    <packageSource key=\"{SecurityElement.Escape(name)}\">");
            xml.AppendLine("      <package pattern=\"*\" />");
            xml.AppendLine("    </packageSource>");
        }
        xml.AppendLine("  </packageSourceMapping>");
        xml.AppendLine("</configuration>");
        return xml.ToString();
    }
}
