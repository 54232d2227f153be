using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FdSafety.Roslyn48.Tests;

/// <summary>
/// The shipped DLLs reference nothing newer than what Roslyn 4.8.0 itself carries: any reference to a
/// later Microsoft.CodeAnalysis or to a later System.Collections.Immutable/System.Reflection.Metadata
/// would make the analyzer fail to load in Visual Studio 17.8 and the .NET 8.0.1xx SDK.
/// </summary>
public class AssemblyReferenceTests
{
    /// <summary>
    /// What an analyzer may reference, with the highest assembly version a Roslyn 4.8.0 host provides:
    /// its own assemblies and the netstandard2.0 dependencies of the Microsoft.CodeAnalysis.Common and
    /// .Workspaces.Common 4.8.0 packages (System.Collections.Immutable, System.Reflection.Metadata,
    /// System.Composition, System.Text.Encoding.CodePages and Microsoft.Bcl.AsyncInterfaces 7.0.0,
    /// System.Memory 4.5.5, System.Threading.Tasks.Extensions 4.5.4, Unsafe 6.0.0).
    /// </summary>
    private static readonly Dictionary<string, Version> Allowed = new(StringComparer.Ordinal)
    {
        ["netstandard"] = new Version(2, 0, 0, 0),
        ["Microsoft.CodeAnalysis"] = new Version(4, 8, 0, 0),
        ["Microsoft.CodeAnalysis.CSharp"] = new Version(4, 8, 0, 0),
        ["Microsoft.CodeAnalysis.Workspaces"] = new Version(4, 8, 0, 0),
        ["Microsoft.CodeAnalysis.CSharp.Workspaces"] = new Version(4, 8, 0, 0),
        ["System.Collections.Immutable"] = new Version(7, 0, 0, 0),
        ["System.Reflection.Metadata"] = new Version(7, 0, 0, 0),
        ["System.Composition.AttributedModel"] = new Version(7, 0, 0, 0),
        ["System.Text.Encoding.CodePages"] = new Version(7, 0, 0, 0),
        ["Microsoft.Bcl.AsyncInterfaces"] = new Version(7, 0, 0, 0),
        ["System.Memory"] = new Version(4, 0, 1, 2),
        ["System.Runtime.CompilerServices.Unsafe"] = new Version(6, 0, 0, 0),
        ["System.Threading.Tasks.Extensions"] = new Version(4, 2, 0, 1),
        ["FdSafety.Analyzers"] = new Version(0, 1, 0, 0),
    };

    [Fact]
    public void TheHostIsRoslyn480()
    {
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly.GetName().Version);
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Workspace).Assembly.GetName().Version);
    }

    [Theory]
    [InlineData("FdSafety.Analyzers.dll", "Microsoft.CodeAnalysis.CSharp")]
    // The fix classes carry no [Shared]: that attribute would pull in System.Composition.AttributedModel
    // 8.0.0.0 (the mirror has no 7.0.0), which a Roslyn 4.8.0 host (7.0.0.0) cannot load.
    [InlineData("FdSafety.CodeFixes.dll", "Microsoft.CodeAnalysis.Workspaces")]
    public void ReferencesNothingNewerThanRoslyn480(string file, string mustReference)
    {
        var references = References(Path.Combine(ShippedAssemblies.Folder, file));
        Assert.Contains(references, r => r.Name == mustReference);
        Assert.Contains(references, r => r.Name == "netstandard");

        var problems = new List<string>();
        foreach (var (name, version) in references)
        {
            if (!Allowed.TryGetValue(name, out var highest)) problems.Add($"{name} {version} is not something a Roslyn 4.8.0 host provides");
            else if (version > highest) problems.Add($"{name} {version} is newer than {highest}");
        }
        Assert.True(problems.Count == 0, file + ": " + string.Join("; ", problems));
    }

    /// <summary>The Roslyn assemblies themselves, in both DLLs: 4.8.0.0 at most.</summary>
    [Theory]
    [InlineData("FdSafety.Analyzers.dll", "Microsoft.CodeAnalysis.CSharp")]
    [InlineData("FdSafety.CodeFixes.dll", "Microsoft.CodeAnalysis.Workspaces")]
    public void ReferencesRoslyn480AtMost(string file, string mustReference)
    {
        var references = References(Path.Combine(ShippedAssemblies.Folder, file));
        Assert.Contains(references, r => r.Name == mustReference);
        var roslyn = references.Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)).ToList();
        Assert.All(roslyn, r => Assert.True(r.Version <= new Version(4, 8, 0, 0), $"{file} references {r.Name} {r.Version}"));
    }

    [Theory]
    [InlineData("FdSafety.Analyzers.dll")]
    [InlineData("FdSafety.CodeFixes.dll")]
    public void TargetsNetStandard20(string file)
    {
        using var stream = File.OpenRead(Path.Combine(ShippedAssemblies.Folder, file));
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var frameworks = reader.GetAssemblyDefinition().GetCustomAttributes()
            .Select(h => reader.GetCustomAttribute(h))
            .Where(a => AttributeTypeName(reader, a) == "System.Runtime.Versioning.TargetFrameworkAttribute")
            .Select(a => reader.GetBlobReader(a.Value))
            .Select(blob => { blob.ReadUInt16(); return blob.ReadSerializedString(); })
            .ToList();
        Assert.Equal(new[] { ".NETStandard,Version=v2.0" }, frameworks);
    }

    private static List<(string Name, Version Version)> References(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences
            .Select(h => reader.GetAssemblyReference(h))
            .Select(r => (reader.GetString(r.Name), r.Version))
            .ToList();
    }

    private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference) return "";
        var ctor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
        if (ctor.Parent.Kind != HandleKind.TypeReference) return "";
        var type = reader.GetTypeReference((TypeReferenceHandle)ctor.Parent);
        return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
    }
}
