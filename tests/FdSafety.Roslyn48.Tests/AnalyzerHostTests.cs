using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace FdSafety.Roslyn48.Tests;

/// <summary>
/// The shipped analyzers load into a Roslyn 4.8.0 host and report on a sample exactly what they report
/// in the current compiler: each rule's finding at its place, nothing on correct code, no analyzer
/// exception (AD0001) and no load failure.
/// </summary>
public class AnalyzerHostTests
{
    internal const string Sample = """
        using Mono.Unix.Native;

        internal static class Sample
        {
            internal static void DoubleClose(string path)
            {
                int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                if (fd < 0) return;
                Syscall.close(fd);
                Syscall.close(fd);
            }

            internal static long UseAfterClose(string path)
            {
                int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                if (fd < 0) return -1;
                Syscall.close(fd);
                return Syscall.lseek(fd, 0, SeekFlags.SEEK_END);
            }

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

            internal static void Sync(string path)
            {
                int fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
                Syscall.fsync(fd);
                Syscall.close(fd);
            }

            internal static bool Clean(string path)
            {
                int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                if (fd < 0) return false;
                try
                {
                    return Syscall.fsync(fd) == 0;
                }
                finally
                {
                    Syscall.close(fd);
                }
            }
        }
        """;

    [Fact]
    public void EveryAnalyzerLoads()
    {
        var (reference, failures) = ShippedAssemblies.AnalyzerReference;
        var analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
        Assert.Empty(failures);
        var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"FDS{i:0000}").Append("FDS9000"), ids);
    }

    [Fact]
    public async Task ReportsEachFindingAtItsPlace()
    {
        var diagnostics = await AnalyzeAsync(Sample);
        var actual = diagnostics.Select(Describe).ToList();
        Assert.Equal(new[]
        {
            "FDS0001 (10,9)-(10,26) Warning",
            "FDS0002 (18,16)-(18,56) Warning",
            "FDS0007 (23,18)-(23,56) Warning",
            "FDS0003 (31,18)-(31,78) Warning",
            "FDS0005 (41,23)-(41,25) Warning",
        }, actual);
        var leak = diagnostics.Single(d => d.Id == "FDS0003");
        Assert.Equal(new[] { "(33,50)-(33,60)" }, leak.AdditionalLocations.Select(l => Span(l.GetLineSpan())));
    }

    [Fact]
    public async Task HelpLinksAndTagsReachTheHost()
    {
        var diagnostics = await AnalyzeAsync(Sample);
        var cloexec = diagnostics.Single(d => d.Id == "FDS0007").Descriptor;
        Assert.EndsWith("/docs/rules.md#fds0007", cloexec.HelpLinkUri, StringComparison.Ordinal);
        Assert.StartsWith("https://", cloexec.HelpLinkUri, StringComparison.Ordinal);
        Assert.Contains("CWE-403", cloexec.CustomTags);
    }

    [Fact]
    public async Task HostSeverityOptionsApply()
    {
        var diagnostics = await AnalyzeAsync(Sample, new Dictionary<string, ReportDiagnostic>
        {
            ["FDS0003"] = ReportDiagnostic.Suppress,
            ["FDS0007"] = ReportDiagnostic.Error,
        });
        Assert.Equal(new[]
        {
            "FDS0001 (10,9)-(10,26) Warning",
            "FDS0002 (18,16)-(18,56) Warning",
            "FDS0007 (23,18)-(23,56) Error",
            "FDS0005 (41,23)-(41,25) Warning",
        }, diagnostics.Select(Describe));
    }

    /// <summary>The analyzer's own options reach it through Roslyn 4.8.0's AnalyzerConfigOptionsProvider.</summary>
    [Fact]
    public async Task AnalyzerOptionsApply()
    {
        var diagnostics = await AnalyzeAsync(Sample, options: new TreeOptions(new Dictionary<string, string> { ["fdsafety.exception_paths"] = "true" }));
        Assert.Equal(new[]
        {
            "FDS0001 (10,9)-(10,26) Warning",
            "FDS0002 (18,16)-(18,56) Warning",
            "FDS0007 (23,18)-(23,56) Warning",
            "FDS0003 (31,18)-(31,78) Warning",
            "FDS0003 (40,18)-(40,78) Warning",
            "FDS0005 (41,23)-(41,25) Warning",
        }, diagnostics.Select(Describe));
    }

    internal static CSharpCompilation Compile(string source, IDictionary<string, ReportDiagnostic>? severities = null)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), path: "Sample.cs");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        if (severities != null) options = options.WithSpecificDiagnosticOptions(severities);
        var compilation = CSharpCompilation.Create("Sample", new[] { tree }, References.Value, options);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The sample does not compile: " + string.Join("; ", errors));
        return compilation;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, IDictionary<string, ReportDiagnostic>? severities = null, AnalyzerConfigOptionsProvider? options = null)
    {
        var compilation = Compile(source, severities);
        var (reference, failures) = ShippedAssemblies.AnalyzerReference;
        var analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
        Assert.Empty(failures);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            options == null ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty) : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options), onAnalyzerException: null,
            concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
    }

    private static string Describe(Diagnostic d) => $"{d.Id} {Span(d.Location.GetLineSpan())} {d.Severity}";

    private static string Span(FileLinePositionSpan s) =>
        $"({s.StartLinePosition.Line + 1},{s.StartLinePosition.Character + 1})-({s.EndLinePosition.Line + 1},{s.EndLinePosition.Character + 1})";

    /// <summary>The same .editorconfig-style options for every syntax tree.</summary>
    private sealed class TreeOptions : AnalyzerConfigOptionsProvider
    {
        private readonly Options options;

        public TreeOptions(IReadOnlyDictionary<string, string> values) => options = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly IReadOnlyDictionary<string, string> values;

            public Options(IReadOnlyDictionary<string, string> values) => this.values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }

    /// <summary>The running .NET's own assemblies and Mono.Posix.NETStandard: what the sample compiles against.</summary>
    internal static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = Directory.GetFiles(runtimeDir, "*.dll")
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
        paths.Add(typeof(Mono.Unix.Native.Syscall).Assembly.Location);
        var references = new List<MetadataReference>();
        foreach (var path in paths)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                if (!pe.HasMetadata) continue;
            }
            catch (BadImageFormatException)
            {
                continue;
            }
            references.Add(MetadataReference.CreateFromFile(path));
        }
        return references;
    });
}
