using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace FdSafety.Package.Tests;

/// <summary>What `dotnet pack -c Release -o DIR` at the root puts in DIR, and what the package holds.</summary>
[Trait("Category", "Package")]
[Collection(PackageCollection.Name)]
public class PackageContentsTests
{
    private static readonly XNamespace Nuspec = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    [Fact]
    public async Task OnlyTheFdSafetyPackageAndItsSymbolsAreMade()
    {
        var pack = await Packing.First;
        var files = Directory.GetFiles(pack.OutputDir).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(new[] { $"FdSafety.{Repository.Version}.nupkg", $"FdSafety.{Repository.Version}.snupkg" }, files);
    }

    [Fact]
    public async Task HoldsRuntimeAnalyzersCodeFixesReadmeAndRules()
    {
        var pack = await Packing.First;
        using var zip = ZipFile.OpenRead(pack.PackagePath);
        var names = zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[]
        {
            "FdSafety.nuspec",
            "README.md",
            "[Content_Types].xml",
            "_rels/.rels",
            "analyzers/dotnet/cs/FdSafety.Analyzers.dll",
            "analyzers/dotnet/cs/FdSafety.CodeFixes.dll",
            "docs/rules.md",
            "lib/net8.0/FdSafety.Runtime.dll",
            "lib/net8.0/FdSafety.Runtime.xml",
        }, names);

        Assert.Equal(File.ReadAllBytes(Path.Combine(Repository.Root, "README.md")), Read(zip, "README.md"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repository.Root, "docs", "rules.md")), Read(zip, "docs/rules.md"));
        var docs = XDocument.Load(new MemoryStream(Read(zip, "lib/net8.0/FdSafety.Runtime.xml")));
        var members = docs.Descendants("member").Select(m => (string?)m.Attribute("name")).ToList();
        Assert.Contains("T:FdSafety.OwnedFd", members);
        Assert.Contains("M:FdSafety.OwnedFd.FromRawFd(System.Int32)", members);
    }

    [Theory]
    [InlineData("lib/net8.0/FdSafety.Runtime.dll", ".NETCoreApp,Version=v8.0")]
    [InlineData("analyzers/dotnet/cs/FdSafety.Analyzers.dll", ".NETStandard,Version=v2.0")]
    [InlineData("analyzers/dotnet/cs/FdSafety.CodeFixes.dll", ".NETStandard,Version=v2.0")]
    public async Task AssembliesAreReleaseBuildsForTheirFramework(string entry, string framework)
    {
        var pack = await Packing.First;
        using var zip = ZipFile.OpenRead(pack.PackagePath);
        using var pe = new PEReader(new MemoryStream(Read(zip, entry)));
        var reader = pe.GetMetadataReader();
        var attributes = AssemblyAttributes(reader);
        Assert.Equal(framework, attributes["System.Runtime.Versioning.TargetFrameworkAttribute"]);
        Assert.Equal("Release", attributes["System.Reflection.AssemblyConfigurationAttribute"]);
        Assert.Equal(Repository.Version, attributes["System.Reflection.AssemblyInformationalVersionAttribute"].Split('+')[0]);
    }

    [Fact]
    public async Task NuspecCarriesIdentityLicenseReadmeRepositoryAndOneDependency()
    {
        var pack = await Packing.First;
        using var zip = ZipFile.OpenRead(pack.PackagePath);
        var metadata = XDocument.Load(new MemoryStream(Read(zip, "FdSafety.nuspec"))).Root!.Element(Nuspec + "metadata")!;
        string Value(string name) => metadata.Element(Nuspec + name)?.Value ?? throw new Xunit.Sdk.XunitException($"The nuspec has no <{name}>");

        Assert.Equal("FdSafety", Value("id"));
        Assert.Equal(Repository.Version, Value("version"));
        var license = metadata.Element(Nuspec + "license")!;
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal(Repository.BuildProperty("PackageLicenseExpression"), license.Value);
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal(Repository.BuildProperty("RepositoryUrl"), Value("projectUrl"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.False(string.IsNullOrWhiteSpace(Value("authors")));
        var repository = metadata.Element(Nuspec + "repository")!;
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(Repository.BuildProperty("RepositoryUrl"), (string?)repository.Attribute("url"));

        var groups = metadata.Element(Nuspec + "dependencies")!.Elements(Nuspec + "group").ToList();
        var group = Assert.Single(groups);
        Assert.Equal("net8.0", (string?)group.Attribute("targetFramework"));
        var dependency = Assert.Single(group.Elements(Nuspec + "dependency"));
        Assert.Equal("Mono.Posix.NETStandard", (string?)dependency.Attribute("id"));
        Assert.Equal(Repository.CentralPackageVersion("Mono.Posix.NETStandard"), (string?)dependency.Attribute("version"));
    }

    [Fact]
    public async Task SymbolsPackageHoldsThePdbOfTheShippedRuntime()
    {
        var pack = await Packing.First;
        using var package = ZipFile.OpenRead(pack.PackagePath);
        using var symbols = ZipFile.OpenRead(pack.SymbolsPath);
        var pdbs = symbols.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.Equal(new[] { "lib/net8.0/FdSafety.Runtime.pdb" }, pdbs);

        using var pe = new PEReader(new MemoryStream(Read(package, "lib/net8.0/FdSafety.Runtime.dll")));
        var codeView = pe.ReadCodeViewDebugDirectoryData(pe.ReadDebugDirectory().Single(d => d.Type == DebugDirectoryEntryType.CodeView));
        using var pdb = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Read(symbols, "lib/net8.0/FdSafety.Runtime.pdb")));
        var pdbId = new BlobContentId(pdb.GetMetadataReader().DebugMetadataHeader!.Id);
        Assert.Equal(codeView.Guid, pdbId.Guid);
        // The PDB path the DLL names is mapped, not the path of the checkout that built it.
        Assert.StartsWith("/_/", codeView.Path, StringComparison.Ordinal);
    }

    internal static byte[] Read(ZipArchive zip, string entry)
    {
        var found = zip.GetEntry(entry) ?? throw new Xunit.Sdk.XunitException($"The package has no {entry}");
        using var stream = found.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The assembly-level attributes with one string argument, by attribute type name.</summary>
    private static Dictionary<string, string> AssemblyAttributes(MetadataReader reader)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var ctor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = reader.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            string name = reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.Length < 3 || blob.ReadUInt16() != 1) continue;
            try
            {
                var value = blob.ReadSerializedString();
                if (value != null) result.TryAdd(name, value);
            }
            catch (BadImageFormatException)
            {
            }
        }
        return result;
    }
}
