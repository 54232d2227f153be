using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Package.Tests;

/// <summary>One `dotnet pack -c Release -o DIR` at the root of a copy of the repository.</summary>
internal sealed record PackResult(string SourceCopy, string OutputDir, CommandResult Command)
{
    public string PackagePath => Path.Combine(OutputDir, $"FdSafety.{Repository.Version}.nupkg");

    public string SymbolsPath => Path.Combine(OutputDir, $"FdSafety.{Repository.Version}.snupkg");
}

/// <summary>
/// Scratch space for the whole test run (deleted when the run ends) and the packs made in it. The
/// first pack is shared by every test class; the determinism test makes a second one elsewhere.
/// </summary>
internal static class Packing
{
    public static string Scratch { get; } = CreateScratch();

    private static readonly Lazy<Task<PackResult>> FirstPack = new(() => PackAsync("checkout-a"));

    public static Task<PackResult> First => FirstPack.Value;

    /// <summary>Copies the sources to Scratch/<paramref name="name"/> and packs them at its root, as the README says.</summary>
    public static async Task<PackResult> PackAsync(string name)
    {
        string copy = Path.Combine(Scratch, name);
        string output = Path.Combine(Scratch, name + "-packages");
        await Task.Run(() => Repository.CopySources(copy));
        var command = await Dotnet.RunCheckedAsync(copy, null, "pack", "-c", "Release", "-o", output);
        return new PackResult(copy, output, command);
    }

    private static string CreateScratch()
    {
        string dir = Path.Combine(Path.GetTempPath(), "fdsafety-package-tests-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(dir);
        if (Environment.GetEnvironmentVariable("FDSAFETY_KEEP_TEST_FILES") != "1")
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(dir, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            };
        }
        return dir;
    }
}
