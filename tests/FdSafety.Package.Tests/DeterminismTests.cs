using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace FdSafety.Package.Tests;

/// <summary>
/// Two packs of the same sources, from two checkouts at different paths, hold byte-identical files:
/// DLLs, XML docs, PDB, nuspec, readme and rules. What differs is only what NuGet stamps on the zip
/// itself (each entry's last-write time).
/// </summary>
[Trait("Category", "Package")]
[Collection(PackageCollection.Name)]
public class DeterminismTests
{
    private readonly ITestOutputHelper log;

    public DeterminismTests(ITestOutputHelper log) => this.log = log;

    [Fact]
    public async Task TwoPacksOfOneCommitHoldIdenticalFiles()
    {
        var first = await Packing.First;
        var second = await Packing.Second;
        log.WriteLine($"{first.Command.Command} in {first.SourceCopy}: {first.Command.Elapsed.TotalSeconds:F1} s");
        log.WriteLine($"{second.Command.Command} in {second.SourceCopy}: {second.Command.Elapsed.TotalSeconds:F1} s");

        foreach (var (a, b) in new[] { (first.PackagePath, second.PackagePath), (first.SymbolsPath, second.SymbolsPath) })
        {
            using var zipA = ZipFile.OpenRead(a);
            using var zipB = ZipFile.OpenRead(b);
            var namesA = zipA.Entries.Select(e => e.FullName).ToList();
            Assert.Equal(namesA, zipB.Entries.Select(e => e.FullName).ToList());
            Assert.Contains(namesA, n => n.EndsWith(".dll", StringComparison.Ordinal) || n.EndsWith(".pdb", StringComparison.Ordinal));
            foreach (var name in namesA)
            {
                var bytesA = PackageContentsTests.Read(zipA, name);
                var bytesB = PackageContentsTests.Read(zipB, name);
                Assert.True(bytesA.AsSpan().SequenceEqual(bytesB), $"{name} differs between {a} and {b}");
                if (name.EndsWith(".dll", StringComparison.Ordinal) || name.EndsWith(".pdb", StringComparison.Ordinal))
                {
                    // Nothing of either checkout's location is left in the binaries.
                    var text = Encoding.Latin1.GetString(bytesA);
                    Assert.DoesNotContain(first.SourceCopy, text, StringComparison.Ordinal);
                    Assert.DoesNotContain(Path.GetTempPath(), text, StringComparison.Ordinal);
                }
            }
        }
    }
}
