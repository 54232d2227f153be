using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Roslyn48.Tests;

/// <summary>
/// The analyzer and code-fix DLLs as the build made them for the package (copied unchanged to
/// shipped/ next to this assembly), loaded the way a compiler host loads an analyzer reference.
/// </summary>
internal static class ShippedAssemblies
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "shipped");

    public static string AnalyzersPath { get; } = Path.Combine(Folder, "FdSafety.Analyzers.dll");

    public static string CodeFixesPath { get; } = Path.Combine(Folder, "FdSafety.CodeFixes.dll");

    private static readonly Lazy<(AnalyzerFileReference Reference, IReadOnlyList<string> Failures)> Loaded = new(Load);

    /// <summary>The analyzer reference and every load failure it reported (AnalyzerLoadFailed).</summary>
    public static (AnalyzerFileReference Reference, IReadOnlyList<string> Failures) AnalyzerReference => Loaded.Value;

    private static (AnalyzerFileReference, IReadOnlyList<string>) Load()
    {
        if (!File.Exists(AnalyzersPath)) throw new FileNotFoundException("The analyzer build output was not copied to shipped/", AnalyzersPath);
        var failures = new List<string>();
        var reference = new AnalyzerFileReference(AnalyzersPath, new DefaultContextLoader());
        reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{e.ErrorCode} {e.TypeName}: {e.Message} {e.Exception}");
        return (reference, failures);
    }

    /// <summary>
    /// Loads analyzer assemblies into the default context, where this host's Microsoft.CodeAnalysis
    /// 4.8.0 is already loaded: an assembly that needed a newer Roslyn would fail to bind here, as it
    /// fails in an older Visual Studio or SDK.
    /// </summary>
    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
