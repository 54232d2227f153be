using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using FdSafety.Analyzers.Tests.Verifiers;

namespace FdSafety.CodeFixes.Tests.RoundTrip
{
    /// <summary>
    /// Builds the round-trip programs once for the test class: each program is copied twice into a
    /// temporary folder, one copy is rewritten by <c>dotnet format analyzers</c> with every FDS id
    /// (until it changes nothing more), and both copies are built in one MSBuild run each. Packages
    /// come from the local NuGet cache only.
    /// </summary>
    public sealed class RoundTripFixture : IDisposable
    {
        public static readonly string[] Programs = { "naive-cat", "tee", "pipe-channel", "split", "each-path" };

        private static readonly string[] Ids = Enumerable.Range(1, 9).Select(i => "FDS000" + i).ToArray();

        public RoundTripFixture()
        {
            Root = Path.Combine(Path.GetTempPath(), "fdsafety-roundtrip-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var analyzers = Path.Combine(Root, "analyzers");
            Directory.CreateDirectory(analyzers);
            var bin = Path.GetDirectoryName(typeof(RoundTripFixture).Assembly.Location)!;
            // The analyzer and the fixes load from one folder (the fixes need the analyzer assembly next to them).
            foreach (var name in new[] { "FdSafety.Analyzers.dll", "FdSafety.CodeFixes.dll" }) File.Copy(Path.Combine(bin, name), Path.Combine(analyzers, name));
            var runtime = Path.Combine(bin, "FdSafety.Runtime.dll");

            foreach (var variant in new[] { "original", "fixed" })
            {
                var dir = Path.Combine(Root, variant);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "nuget.config"), NuGetConfig());
                var solution = new StringBuilder("<Solution>\n");
                foreach (var program in Programs)
                {
                    var projectDir = Path.Combine(dir, program);
                    Directory.CreateDirectory(projectDir);
                    File.Copy(Source(program), Path.Combine(projectDir, "Program.cs"));
                    File.WriteAllText(Path.Combine(projectDir, program + ".csproj"), Project(analyzers, runtime));
                    solution.Append("  <Project Path=\"").Append(program).Append('/').Append(program).Append(".csproj\" />\n");
                }
                File.WriteAllText(Path.Combine(dir, "all.slnx"), solution.Append("</Solution>\n").ToString());
            }

            const string Build = "build all.slnx --no-restore -c Release -nologo --disable-build-servers -p:UseSharedCompilation=false";
            var originalDir = Path.Combine(Root, "original");
            var fixedDir = Path.Combine(Root, "fixed");
            // The original builds while the copy is being fixed.
            var original = System.Threading.Tasks.Task.Run(() =>
            {
                Run(originalDir, "restore all.slnx --disable-build-servers");
                return Run(originalDir, Build);
            });
            Run(fixedDir, "restore all.slnx --disable-build-servers");
            string format = "format analyzers all.slnx --no-restore --severity info --diagnostics " + string.Join(" ", Ids);
            // A fix can open the way for another (an owner lets a borrowed parameter through, and
            // dotnet format takes the ids in its own order), so a second pass.
            Run(fixedDir, format);
            Run(fixedDir, format);
            FixedBuild = Run(fixedDir, Build);
            OriginalBuild = original.GetAwaiter().GetResult();
        }

        public string Root { get; }

        public string OriginalBuild { get; }

        public string FixedBuild { get; }

        public static string Source(string program) => program == "naive-cat"
            ? RepositoryPaths.Of("demo/naive-cat/Program.cs")
            : RepositoryPaths.Of("tests/FdSafety.CodeFixes.Tests/RoundTrip/Programs/" + program + "/Program.cs");

        public string FixedSource(string program) => File.ReadAllText(Path.Combine(Root, "fixed", program, "Program.cs"));

        public string Executable(string variant, string program) =>
            Path.Combine(Root, variant, program, "bin", "Release", "net10.0", program + ".dll");

        /// <summary>The FdSafety findings the build of the fixed copy still reports for a program, as "FDS000N line".</summary>
        public string[] RemainingFindings(string program)
        {
            var pattern = new Regex(@"[/\\]" + Regex.Escape(program) + @"[/\\]Program\.cs\((\d+),\d+\): warning (FDS\d{4})");
            return FixedBuild.Split('\n')
                .Select(line => pattern.Match(line))
                .Where(m => m.Success)
                .Select(m => m.Groups[2].Value + " " + m.Groups[1].Value)
                .Distinct()
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static string NuGetConfig()
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n" +
                   "    <add key=\"cache\" value=\"" + packages + "\" />\n  </packageSources>\n</configuration>\n";
        }

        private static string Project(string analyzers, string runtime) => $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <RootNamespace>RoundTrip</RootNamespace>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Mono.Posix.NETStandard"" Version=""1.0.0"" />
    <Reference Include=""FdSafety.Runtime"" HintPath=""{runtime}"" />
    <Analyzer Include=""{Path.Combine(analyzers, "FdSafety.Analyzers.dll")}"" />
    <Analyzer Include=""{Path.Combine(analyzers, "FdSafety.CodeFixes.dll")}"" />
  </ItemGroup>
</Project>
";

        /// <summary>Runs the dotnet CLI and returns its output; a failure (non-zero exit) throws with that output.</summary>
        private static string Run(string dir, string arguments)
        {
            var info = new ProcessStartInfo("dotnet", arguments)
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            info.Environment["MSBUILDNODEWINDOW"] = "0";
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var output = stdout + stderr.Result;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet " + arguments + " failed in " + dir + " (exit " + process.ExitCode + "):\n" + output);
            }
            return output;
        }
    }
}
