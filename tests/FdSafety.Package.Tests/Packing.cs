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
/// Scratch space for the whole test run and the two packs made in it: the first is shared by every
/// test class, the second (another checkout, for the determinism test) starts as soon as the first is
/// done, so that it runs while the other tests use the first.
/// </summary>
internal static class Packing
{
    public static string Scratch { get; } = CreateScratch();

    private static readonly Lazy<Task<PackResult>> FirstPack = new(() => PackAsync("checkout-a"));

    private static readonly Lazy<Task<PackResult>> SecondPack = new(async () =>
    {
        await First;
        return await PackAsync("checkout-b");
    });

    public static Task<PackResult> First => FirstPack.Value;

    public static Task<PackResult> Second => SecondPack.Value;

    /// <summary>Waits for whatever was started, then deletes the scratch space (unless FDSAFETY_KEEP_TEST_FILES=1).</summary>
    public static async Task CleanUpAsync()
    {
        foreach (var pack in new[] { FirstPack, SecondPack })
        {
            if (!pack.IsValueCreated) continue;
            try
            {
                await pack.Value;
            }
            catch (Exception)
            {
                // Reported by the tests that awaited it.
            }
        }
        if (Environment.GetEnvironmentVariable("FDSAFETY_KEEP_TEST_FILES") == "1") return;
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

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
        return dir;
    }
}

/// <summary>
/// Every package test class is in this one collection: it starts both packs before the first test and,
/// after the last, waits for them and deletes the scratch space (the test host may be killed at the end
/// of the run, so nothing is left to process exit).
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageRun>
{
    public const string Name = "Package";
}

public sealed class PackageRun : IAsyncLifetime
{
    public Task InitializeAsync()
    {
        _ = Packing.First;
        _ = Packing.Second;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Packing.CleanUpAsync();
}
