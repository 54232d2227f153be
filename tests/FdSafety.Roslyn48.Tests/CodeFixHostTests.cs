using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace FdSafety.Roslyn48.Tests;

/// <summary>
/// The shipped code fixes load into Roslyn 4.8.0's workspace layer (Visual Studio 17.8) and fix there:
/// FDS0007's fix adds O_CLOEXEC to the flagged call and changes nothing else.
/// </summary>
public class CodeFixHostTests
{
    [Fact]
    public void EveryCodeFixProviderLoads()
    {
        var fixable = Providers().SelectMany(p => p.FixableDiagnosticIds).ToList();
        Assert.Contains("FDS0007", fixable);
        Assert.All(fixable, id => Assert.StartsWith("FDS", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CloexecFixAddsTheFlag()
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Sample", "Sample", LanguageNames.CSharp,
            compilationOptions: AnalyzerHostTests.Compile(AnalyzerHostTests.Sample).Options,
            parseOptions: new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12),
            metadataReferences: AnalyzerHostTests.References.Value));
        var document = workspace.AddDocument(project.Id, "Sample.cs", SourceText.From(AnalyzerHostTests.Sample));

        var diagnostic = (await DiagnosticsAsync(document)).Single(d => d.Id == "FDS0007");
        var provider = Providers().Single(p => p.FixableDiagnosticIds.Contains("FDS0007"));
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var action = Assert.Single(actions);

        var operation = Assert.Single((await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>());
        var fixedDocument = operation.ChangedSolution.GetDocument(document.Id)!;
        var fixedText = (await fixedDocument.GetTextAsync()).ToString();
        var expected = AnalyzerHostTests.Sample.Replace(
            "int fd = Syscall.open(path, OpenFlags.O_RDONLY);",
            "int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);", StringComparison.Ordinal);
        Assert.NotEqual(AnalyzerHostTests.Sample, expected);
        Assert.Equal(expected, fixedText);
        Assert.DoesNotContain(await DiagnosticsAsync(fixedDocument), d => d.Id == "FDS0007");
    }

    private static IReadOnlyList<CodeFixProvider> Providers()
    {
        // The analyzers' assembly first, through the same loader the analyzer tests use, then the fixes next to it.
        _ = ShippedAssemblies.AnalyzerReference.Reference.GetAnalyzers(LanguageNames.CSharp);
        var assembly = Assembly.LoadFrom(ShippedAssemblies.CodeFixesPath);
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttributes<ExportCodeFixProviderAttribute>().Any())
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var analyzers = ShippedAssemblies.AnalyzerReference.Reference.GetAnalyzers(LanguageNames.CSharp);
        return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
    }
}
