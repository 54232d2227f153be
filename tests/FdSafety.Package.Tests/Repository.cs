using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace FdSafety.Package.Tests;

/// <summary>The repository these tests run from, and the package facts its build files state.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootValue = new(FindRoot);
    private static readonly Lazy<XDocument> BuildProps = new(() => XDocument.Load(Path.Combine(Root, "Directory.Build.props")));
    private static readonly Lazy<XDocument> PackagesProps = new(() => XDocument.Load(Path.Combine(Root, "Directory.Packages.props")));

    public static string Root => RootValue.Value;

    /// <summary>A property set in Directory.Build.props (the single place package metadata is written).</summary>
    public static string BuildProperty(string name)
    {
        var values = BuildProps.Value.Descendants(name).Select(e => e.Value.Trim()).Distinct().ToList();
        if (values.Count != 1) throw new InvalidOperationException($"Directory.Build.props sets {name} {values.Count} ways; expected one");
        return values[0];
    }

    public static string Version => BuildProperty("Version");

    /// <summary>Where the help links point: docs/rules.md on the repository's branch, per Directory.Build.props.</summary>
    public static string RulesDocUrl => BuildProperty("RepositoryUrl").TrimEnd('/') + "/blob/" + BuildProperty("RepositoryBranch") + "/docs/rules.md";

    public static string CentralPackageVersion(string id)
    {
        var entry = PackagesProps.Value.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == id);
        return (string)entry.Attribute("Version")!;
    }

    /// <summary>
    /// Copies the sources (no bin/, obj/, .git, TestResults/) to <paramref name="target"/>, so that a
    /// pack there never touches the obj/ folders of the build these tests run in.
    /// </summary>
    public static void CopySources(string target)
    {
        Copy(new DirectoryInfo(Root), new DirectoryInfo(target), top: true);
    }

    private static void Copy(DirectoryInfo from, DirectoryInfo to, bool top)
    {
        to.Create();
        foreach (var file in from.GetFiles())
        {
            if (top && file.Name == ".git") continue;
            file.CopyTo(Path.Combine(to.FullName, file.Name));
        }
        foreach (var dir in from.GetDirectories())
        {
            if (dir.Name is "bin" or "obj" or ".git" or ".vs") continue;
            if (top && dir.Name is "TestResults" or "artifacts") continue;
            if (dir.LinkTarget != null) continue;
            Copy(dir, new DirectoryInfo(Path.Combine(to.FullName, dir.Name)), top: false);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FdSafety.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("No folder containing FdSafety.sln above " + AppContext.BaseDirectory);
    }
}
