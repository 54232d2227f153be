// Corpus scan: runs every FdSafety analyzer over real code, one compilation per .csproj, as a user would
// see it. Run on demand (see README.md next to this file):
//   dotnet run -c Release --project bench/CorpusScan -- <folder> --out findings.tsv [--sequential|--concurrent] [--repeat N]
//        [--analyze REGEX] [--skip REGEX] [--errors] [--ref extra.dll]...
// <folder> holds one sub-folder per repository. Each project's C# files (its folder's **/*.cs without
// bin/, obj/ and nested projects' folders, or its <Compile Include> items when default items are off,
// minus <Compile Remove>) are compiled with its ProjectReferences (compiled first, referenced as
// compilations), the SDK's reference pack, Mono.Posix.NETStandard and the FdSafety runtime. Package
// references are not at hand: their types are compile errors, and the analyzers run anyway.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using CorpusScan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

string? folder = null, outPath = null;
bool concurrent = true, countErrors = false, verifyPrepass = false;
int repeat = 1;
Regex? analyzeFilter = null, skipFilter = null;
var extraReferences = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out": outPath = args[++i]; break;
        case "--sequential": concurrent = false; break;
        case "--concurrent": concurrent = true; break;
        case "--repeat": repeat = int.Parse(args[++i]); break;
        case "--analyze": analyzeFilter = new Regex(args[++i]); break;
        case "--skip": skipFilter = new Regex(args[++i]); break;
        case "--errors": countErrors = true; break;
        case "--ref": extraReferences.Add(args[++i]); break;
        case "--verify-prepass": verifyPrepass = true; break;
        default:
            if (args[i].StartsWith("--", StringComparison.Ordinal) || folder != null)
            {
                Console.Error.WriteLine("unknown argument " + args[i]);
                return 2;
            }
            folder = args[i];
            break;
    }
}
if (folder == null || outPath == null || !Directory.Exists(folder) || repeat < 1)
{
    Console.Error.WriteLine("usage: CorpusScan <folder> --out <file.tsv> [--sequential|--concurrent] [--repeat N] [--analyze REGEX] [--skip REGEX] [--errors] [--verify-prepass] [--ref extra.dll]...");
    return 2;
}
foreach (var reference in extraReferences)
{
    if (!File.Exists(reference))
    {
        Console.Error.WriteLine("no such reference assembly: " + reference + " (--ref)");
        return 2;
    }
}
folder = Path.GetFullPath(folder);

var analyzers = typeof(FdSafety.Analyzers.Descriptors).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
    .OrderBy(t => t.FullName, StringComparer.Ordinal)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();

// Internal failures of the flow analysis are silent for users; here they are printed and counted.
var internalErrors = new ConcurrentQueue<string>();
string currentProject = "";
var hook = typeof(FdSafety.Analyzers.Flow.CompilationAnalysis).GetProperty("InternalError", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
    ?? throw new InvalidOperationException("CompilationAnalysis.InternalError not found");
hook.SetValue(null, (Action<Exception>)(e =>
{
    internalErrors.Enqueue(currentProject + ": " + e.GetType().Name + ": " + e.Message);
    Console.Error.WriteLine("INTERNAL ERROR in " + currentProject + ": " + e);
}));

if (verifyPrepass)
{
    // Every summary from its body, and an internal error for each body the pre-pass would have ruled out that acts.
    var verify = typeof(FdSafety.Analyzers.Flow.CompilationAnalysis).GetProperty("VerifyActing", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
        ?? throw new InvalidOperationException("CompilationAnalysis.VerifyActing not found");
    verify.SetValue(null, true);
}

var baseReferences = LoadReferences().AddRange(extraReferences.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)));
var repos = Directory.GetDirectories(folder).OrderBy(d => d, StringComparer.Ordinal).ToList();
Console.WriteLine($"FdSafety analyzers: {analyzers.Length}; {(concurrent ? "concurrent" : "sequential")} analysis; {repos.Count} repositories under {folder}; {repeat} run(s)");

var trees = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
List<string>? firstRun = null;
var differing = new List<int>();
var stats = new List<(string Repo, string Project, int Files, int Errors, double Ms, bool Analyzed)>();
for (int run = 1; run <= repeat; run++)
{
    var lines = new List<string>();
    stats.Clear();
    if (run == 1) File.WriteAllText(outPath + ".partial", "");
    var total = Stopwatch.StartNew();
    foreach (var repoDir in repos)
    {
        var repo = Path.GetFileName(repoDir);
        var scanner = new RepoScanner(repoDir, baseReferences, trees, concurrent);
        foreach (var project in scanner.Projects)
        {
            var rel = Relative(repoDir, project);
            if (skipFilter != null && skipFilter.IsMatch(repo + "/" + rel)) continue;
            if (analyzeFilter != null && !analyzeFilter.IsMatch(repo + "/" + rel)) continue;
            currentProject = repo + "/" + rel;
            var sw = Stopwatch.StartNew();
            Compilation compilation;
            try
            {
                compilation = scanner.CompilationOf(project);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"cannot read {currentProject}: {e.Message}");
                continue;
            }
            int errors = -1;
            if (countErrors)
            {
                var errorList = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                errors = errorList.Count;
                foreach (var g in errorList.GroupBy(d => d.Id + " " + d.GetMessage()).OrderByDescending(g => g.Count()).Take(3))
                {
                    Console.Error.WriteLine($"    {g.Count()} x {g.Key}");
                }
            }
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (e, a, d) =>
                {
                    internalErrors.Enqueue(currentProject + ": " + a.GetType().Name + ": " + e.Message);
                    Console.Error.WriteLine($"ANALYZER EXCEPTION in {currentProject} ({a.GetType().Name}): {e}");
                },
                concurrent, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            foreach (var d in diagnostics)
            {
                var span = d.Location.GetLineSpan();
                var where = d.Location.IsInSource
                    ? $"{Relative(repoDir, span.Path)}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}"
                    : "-";
                lines.Add(string.Join("\t", repo, rel, d.Id, where, Clean(d.GetMessage())));
            }
            if (run == 1)
            {
                // Progress for long scans: each project's findings as soon as they are known (unsorted).
                File.AppendAllLines(outPath + ".partial", lines.Skip(lines.Count - diagnostics.Length));
            }
            sw.Stop();
            stats.Add((repo, rel, compilation.SyntaxTrees.Count(), errors, sw.Elapsed.TotalMilliseconds, true));
            Console.Error.WriteLine($"  {currentProject}: {compilation.SyntaxTrees.Count()} files, {diagnostics.Length} findings{(errors >= 0 ? $", {errors} compile errors" : "")}, {sw.Elapsed.TotalSeconds:F1} s");
        }
    }
    lines.Sort(StringComparer.Ordinal);
    if (firstRun == null)
    {
        firstRun = lines;
        File.WriteAllLines(outPath, lines);
        File.Delete(outPath + ".partial");
        Console.WriteLine($"run 1: {lines.Count} findings in {total.Elapsed.TotalSeconds:F0} s -> {outPath}");
    }
    else
    {
        var a = new HashSet<string>(firstRun, StringComparer.Ordinal);
        var b = new HashSet<string>(lines, StringComparer.Ordinal);
        var onlyFirst = firstRun.Where(l => !b.Contains(l)).ToList();
        var onlyThis = lines.Where(l => !a.Contains(l)).ToList();
        bool same = onlyFirst.Count == 0 && onlyThis.Count == 0 && firstRun.Count == lines.Count;
        Console.WriteLine($"run {run}: {lines.Count} findings in {total.Elapsed.TotalSeconds:F0} s; {(same ? "identical to run 1" : $"DIFFERS from run 1: {onlyFirst.Count} only in run 1, {onlyThis.Count} only in run {run}")}");
        if (!same)
        {
            differing.Add(run);
            File.WriteAllLines(outPath + ".run" + run, lines);
            foreach (var l in onlyFirst.Take(10)) Console.WriteLine("  - " + l);
            foreach (var l in onlyThis.Take(10)) Console.WriteLine("  + " + l);
        }
    }
}

// Summary of the first run: per repository and rule.
Console.WriteLine();
var first = firstRun!;
var rules = first.Select(l => l.Split('\t')[2]).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
Console.WriteLine("repository".PadRight(28) + "projects  files" + (countErrors ? "  errors" : "") + string.Concat(rules.Select(r => r.PadLeft(9))) + "    total");
foreach (var group in stats.GroupBy(s => s.Repo).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    var mine = first.Where(l => l.StartsWith(group.Key + "\t", StringComparison.Ordinal)).Select(l => l.Split('\t')[2]).ToList();
    Console.WriteLine(group.Key.PadRight(28) + group.Count().ToString().PadLeft(8) + group.Sum(s => s.Files).ToString().PadLeft(7)
        + (countErrors ? group.Sum(s => s.Errors).ToString().PadLeft(8) : "")
        + string.Concat(rules.Select(r => mine.Count(m => m == r).ToString().PadLeft(9))) + mine.Count.ToString().PadLeft(9));
}
Console.WriteLine("total".PadRight(28) + stats.Count.ToString().PadLeft(8) + stats.Sum(s => s.Files).ToString().PadLeft(7)
    + (countErrors ? stats.Sum(s => s.Errors).ToString().PadLeft(8) : "")
    + string.Concat(rules.Select(r => first.Count(l => l.Split('\t')[2] == r).ToString().PadLeft(9))) + first.Count.ToString().PadLeft(9));
Console.WriteLine($"internal errors: {internalErrors.Count}");
foreach (var e in internalErrors.Distinct().Take(20)) Console.WriteLine("  " + e);
if (repeat > 1)
{
    Console.WriteLine(differing.Count == 0 ? $"deterministic: all {repeat} runs identical" : $"NOT deterministic: runs {string.Join(", ", differing)} differ from run 1");
}
return differing.Count == 0 ? 0 : 1;

static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

static string Clean(string message) => message.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

static ImmutableArray<MetadataReference> LoadReferences()
{
    // .../dotnet/shared/Microsoft.NETCore.App/<ver>/System.Private.CoreLib.dll -> .../dotnet
    var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
    var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
    var tfm = "net" + Environment.Version.Major + ".0";
    var pack = Directory.Exists(packs)
        ? Directory.GetDirectories(packs).Select(d => Path.Combine(d, "ref", tfm)).Where(Directory.Exists).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
        : null;
    if (pack == null) throw new InvalidOperationException("No reference pack under " + packs + " for " + tfm);
    var builder = ImmutableArray.CreateBuilder<MetadataReference>();
    foreach (var path in Directory.GetFiles(pack, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
    {
        builder.Add(MetadataReference.CreateFromFile(path));
    }
    builder.Add(MetadataReference.CreateFromFile(typeof(Mono.Unix.Native.Syscall).Assembly.Location));
    builder.Add(MetadataReference.CreateFromFile(typeof(FdSafety.OwnedFd).Assembly.Location));
    return builder.ToImmutable();
}
