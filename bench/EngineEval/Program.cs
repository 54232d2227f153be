// EngineEval: how well the flow engine finds what realistic descriptor code really does.
//
// Every file under corpus/ is a small program of its own, in the idioms real code that talks to the
// kernel is written in. Its ground truth is in the file: `// expect: FDS0001` on the line where the
// analyzer should report (one id per expected diagnostic; several ids on one line count once each),
// `// kind: fields` in the header names what the file exercises, and an optional
// `// options: fdsafety.exception_paths = true` line gives .editorconfig options for it.
// Each file is compiled alone (the running .NET's reference assemblies, Mono.Posix.NETStandard,
// FdSafety.Runtime) with all FdSafety analyzers; reported (id, line) pairs are compared with the
// expected ones. A compile error is a defect of the corpus, reported and not scored.
//
//   dotnet run -c Release --project bench/EngineEval [-- --corpus DIR] [--filter REGEX]
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

string? corpus = null;
Regex? filter = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--corpus": corpus = args[++i]; break;
        case "--filter": filter = new Regex(args[++i]); break;
        default:
            Console.Error.WriteLine("usage: EngineEval [--corpus DIR] [--filter REGEX]");
            return 2;
    }
}
corpus ??= FindCorpus();
if (corpus == null || !Directory.Exists(corpus))
{
    Console.Error.WriteLine("corpus folder not found; give it with --corpus DIR");
    return 2;
}

var analyzers = typeof(FdSafety.Analyzers.Descriptors).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
    .OrderBy(t => t.FullName, StringComparer.Ordinal)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();

var internalErrors = new ConcurrentQueue<string>();
string current = "";
var hook = typeof(FdSafety.Analyzers.Flow.CompilationAnalysis).GetProperty("InternalError", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
hook?.SetValue(null, (Action<Exception>)(e => internalErrors.Enqueue(current + ": " + e.GetType().Name + ": " + e.Message)));

var references = LoadReferences();
var expectRx = new Regex(@"//\s*expect:\s*(?<ids>.*)$");
var idRx = new Regex(@"\bFDS\d{4}\b");
var kindRx = new Regex(@"^\s*//\s*kind:\s*(?<kind>[A-Za-z0-9_-]+)");
var optionsRx = new Regex(@"^\s*//\s*options:\s*(?<opts>.*)$");

var files = Directory.GetFiles(corpus, "*.cs", SearchOption.AllDirectories)
    .Select(f => Path.GetRelativePath(corpus, f).Replace('\\', '/'))
    .Where(f => filter == null || filter.IsMatch(f))
    .OrderBy(f => f, StringComparer.Ordinal)
    .ToList();

var byKind = new SortedDictionary<string, Score>(StringComparer.Ordinal);
var byRule = new SortedDictionary<string, Score>(StringComparer.Ordinal);
var total = new Score();
var misses = new List<string>();
var falses = new List<string>();
var corpusDefects = new List<string>();
int defectFiles = 0, cleanFiles = 0, exactFiles = 0;

foreach (var rel in files)
{
    current = rel;
    var text = File.ReadAllText(Path.Combine(corpus, rel));
    var lines = text.Split('\n');
    string kind = "unspecified";
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    var expected = new List<(string Id, int Line)>();
    for (int i = 0; i < lines.Length; i++)
    {
        var k = kindRx.Match(lines[i]);
        if (k.Success) kind = k.Groups["kind"].Value;
        var o = optionsRx.Match(lines[i]);
        if (o.Success)
        {
            foreach (var pair in o.Groups["opts"].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0) options[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
        }
        var e = expectRx.Match(lines[i]);
        if (e.Success)
        {
            foreach (Match id in idRx.Matches(e.Groups["ids"].Value)) expected.Add((id.Value, i + 1));
        }
    }

    var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: rel);
    var compilation = CSharpCompilation.Create(
        Path.GetFileNameWithoutExtension(rel).Replace('-', '_'),
        new[] { tree },
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    if (errors.Count > 0)
    {
        foreach (var err in errors.Take(5)) corpusDefects.Add($"{rel}:{err.Location.GetLineSpan().StartLinePosition.Line + 1}: {err.Id} {err.GetMessage()}");
        continue;
    }

    var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new Options(options)),
        (ex, a, d) => internalErrors.Enqueue($"{rel}: {a.GetType().Name}: {ex.GetType().Name}: {ex.Message}"),
        concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
    var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
        .Where(d => d.Id.StartsWith("FDS", StringComparison.Ordinal) && d.Location.IsInSource)
        .Select(d => (d.Id, Line: d.Location.GetLineSpan().StartLinePosition.Line + 1, Message: d.GetMessage()))
        .OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    if (expected.Count > 0) defectFiles++; else cleanFiles++;
    var unmatched = expected.ToList();
    bool exact = true;
    foreach (var d in found)
    {
        int at = unmatched.IndexOf((d.Id, d.Line));
        if (at >= 0)
        {
            unmatched.RemoveAt(at);
            Add(kind, d.Id, s => { s.Expected++; s.Found++; });
        }
        else
        {
            exact = false;
            Add(kind, d.Id, s => s.False++);
            falses.Add($"{rel}:{d.Line}: {d.Id} [{kind}] {d.Message}");
        }
    }
    foreach (var (id, line) in unmatched)
    {
        exact = false;
        Add(kind, id, s => { s.Expected++; s.Missed++; });
        misses.Add($"{rel}:{line}: {id} [{kind}] {lines[line - 1].Trim()}");
    }
    if (exact) exactFiles++;
}

Console.WriteLine($"EngineEval: {files.Count} corpus files under {Path.GetRelativePath(Directory.GetCurrentDirectory(), corpus)} " +
    $"({defectFiles} with expected findings, {cleanFiles} clean, {corpusDefects.Count} compile-error lines), {analyzers.Length} analyzers");
Console.WriteLine($"files where the findings are exactly the expected ones: {exactFiles} of {defectFiles + cleanFiles}");
Console.WriteLine();
Table("kind", byKind);
Console.WriteLine();
Table("rule", byRule);
Console.WriteLine();
Console.WriteLine($"overall: expected {total.Expected}, found {total.Found}, missed {total.Missed}, false {total.False}; " +
    $"recall {Pct(total.Found, total.Expected)}, precision {Pct(total.Found, total.Found + total.False)}");
{
    // FDS0004 is most of the expectations (every raw int boundary of the corpus); the flow rules alone:
    var flow = byRule.Where(r => r.Key != "FDS0004").Select(r => r.Value).ToList();
    int e = flow.Sum(s => s.Expected), f = flow.Sum(s => s.Found), x = flow.Sum(s => s.False);
    Console.WriteLine($"without FDS0004: expected {e}, found {f}, missed {e - f}, false {x}; recall {Pct(f, e)}, precision {Pct(f, f + x)}");
}
Console.WriteLine();
Console.WriteLine($"missed ({misses.Count}):");
foreach (var m in misses) Console.WriteLine("  " + m);
Console.WriteLine($"false ({falses.Count}):");
foreach (var f in falses) Console.WriteLine("  " + f);
if (!internalErrors.IsEmpty)
{
    Console.WriteLine($"internal errors ({internalErrors.Count}):");
    foreach (var e in internalErrors) Console.WriteLine("  " + e);
}
if (corpusDefects.Count > 0)
{
    Console.WriteLine($"CORPUS DEFECTS: files that do not compile (fix the file):");
    foreach (var c in corpusDefects) Console.WriteLine("  " + c);
    return 1;
}
return 0;

void Add(string kind, string id, Action<Score> f)
{
    if (!byKind.TryGetValue(kind, out var k)) byKind[kind] = k = new Score();
    if (!byRule.TryGetValue(id, out var r)) byRule[id] = r = new Score();
    f(k); f(r); f(total);
}

static void Table(string title, SortedDictionary<string, Score> rows)
{
    Console.WriteLine($"{title,-14} {"expected",8} {"found",6} {"missed",6} {"false",6} {"recall",7} {"precision",9}");
    foreach (var (name, s) in rows)
    {
        Console.WriteLine($"{name,-14} {s.Expected,8} {s.Found,6} {s.Missed,6} {s.False,6} {Pct(s.Found, s.Expected),7} {Pct(s.Found, s.Found + s.False),9}");
    }
}

static string Pct(int n, int d) => d == 0 ? "-" : (100.0 * n / d).ToString("0.0") + "%";

static string? FindCorpus()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "EngineEval.csproj"))) return Path.Combine(dir.FullName, "corpus");
    }
    var fromCwd = Path.Combine(Directory.GetCurrentDirectory(), "bench", "EngineEval", "corpus");
    return Directory.Exists(fromCwd) ? fromCwd : null;
}

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

sealed class Score
{
    public int Expected, Found, Missed, False;
}

sealed class Options : AnalyzerConfigOptionsProvider
{
    private readonly TreeOptions _options;
    public Options(Dictionary<string, string> values) => _options = new TreeOptions(values);
    public override AnalyzerConfigOptions GlobalOptions => _options;
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class TreeOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;
        public TreeOptions(Dictionary<string, string> values) => _values = values;
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
