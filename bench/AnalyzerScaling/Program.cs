// Analyzer scaling benchmark: how the FdSafety analyzers' time grows with the size of one method
// and with the number of methods. Prints medians of repeated runs; run on demand:
//   dotnet run -c Release --project bench/AnalyzerScaling [-- runs]
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

int runs = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 5;
var references = LoadReferences();
var analyzers = typeof(FdSafety.Analyzers.Descriptors).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();

Console.WriteLine($"FdSafety analyzers: {analyzers.Length}; median of {runs} runs; fresh compilation per run");
Console.WriteLine();
Console.WriteLine("one method with N if/else branches, each opening and closing a descriptor");
Console.WriteLine("      N   compile ms   analyzers ms   ms per branch   diagnostics");
foreach (var n in new[] { 250, 500, 1000, 2000, 4000 })
{
    Measure(n.ToString().PadLeft(7), BranchyMethod(n));
}
Console.WriteLine();
Console.WriteLine("N methods, each a small open/check/read/close routine with one leak in ten");
Console.WriteLine("      N   compile ms   analyzers ms   ms per method   diagnostics");
foreach (var n in new[] { 100, 200, 400, 800, 1600 })
{
    Measure(n.ToString().PadLeft(7), ManyMethods(n));
}

Console.WriteLine();
Console.WriteLine("N classes keeping a descriptor in a field (open in the constructor, read, Close and Dispose; one in ten closes twice)");
Console.WriteLine("      N   compile ms   analyzers ms   ms per class    diagnostics");
foreach (var n in new[] { 50, 100, 200, 400, 800 })
{
    Measure(n.ToString().PadLeft(7), FieldClasses(n));
}
Console.WriteLine();
Console.WriteLine("one class with N members that each read, check and may reset its descriptor field");
Console.WriteLine("      N   compile ms   analyzers ms   ms per member   diagnostics");
foreach (var n in new[] { 50, 100, 200, 400, 800 })
{
    Measure(n.ToString().PadLeft(7), WideClass(n));
}

void Measure(string label, string source)
{
    var compileTimes = new List<double>();
    var analyzerTimes = new List<double>();
    int diagnostics = 0;
    for (int i = 0; i < runs; i++)
    {
        var sw = Stopwatch.StartNew();
        var compilation = CSharpCompilation.Create("bench" + i,
            new[] { CSharpSyntaxTree.ParseText(source, path: "bench.cs") }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        compileTimes.Add(sw.Elapsed.TotalMilliseconds);
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("\n", errors.Take(5)));
        sw.Restart();
        var result = compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        analyzerTimes.Add(sw.Elapsed.TotalMilliseconds);
        diagnostics = result.Length;
    }
    double perUnit = Median(analyzerTimes) / int.Parse(label.Trim());
    Console.WriteLine($"{label}   {Median(compileTimes),10:F0}   {Median(analyzerTimes),12:F0}   {perUnit,13:F3}   {diagnostics,11}");
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted[sorted.Count / 2];
}

static string BranchyMethod(int n)
{
    var sb = new StringBuilder("using Mono.Unix.Native;\nclass C\n{\n    static void M(string p, int k)\n    {\n");
    for (int i = 0; i < n; i++)
    {
        sb.Append($"        if (k == {i}) {{ int fd{i} = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (fd{i} >= 0) Syscall.close(fd{i}); }} else {{ k++; }}\n");
    }
    sb.Append("    }\n}\n");
    return sb.ToString();
}

static string ManyMethods(int n)
{
    var sb = new StringBuilder("using System;\nusing Mono.Unix.Native;\nclass C\n{\n");
    for (int i = 0; i < n; i++)
    {
        string close = i % 10 == 0 ? "" : "Syscall.close(fd);";
        sb.Append($@"    static long M{i}(string p, IntPtr buf)
    {{
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        long total = 0, n;
        while ((n = Syscall.read(fd, buf, 4096)) > 0) total += n;
        {close}
        return total;
    }}
");
    }
    sb.Append("}\n");
    return sb.ToString();
}

static string FieldClasses(int n)
{
    var sb = new StringBuilder("using System;\nusing Mono.Unix.Native;\n");
    for (int i = 0; i < n; i++)
    {
        string close = i % 10 == 0 ? "Syscall.close(_fd);" : "if (_fd >= 0) { Syscall.close(_fd); _fd = -1; }";
        sb.Append($@"sealed class F{i} : IDisposable
{{
    private int _fd;
    private bool _open;
    public F{i}(string p) {{ _fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); _open = true; }}
    public long Read(IntPtr buf) {{ long total = 0, n; while ((n = Syscall.read(_fd, buf, 4096)) > 0) total += n; return total; }}
    public void Close() {{ {close} _open = false; }}
    public void Dispose() {{ {close} GC.SuppressFinalize(this); }}
}}
");
    }
    return sb.ToString();
}

static string WideClass(int n)
{
    var sb = new StringBuilder("using System;\nusing Mono.Unix.Native;\nsealed class W : IDisposable\n{\n    private int _fd = -1;\n    private int _count;\n");
    sb.Append("    public W(string p) { _fd = Syscall.open(p, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC); if (_fd < 0) throw new InvalidOperationException(); }\n");
    sb.Append("    public void Dispose() { if (_fd >= 0) { Syscall.close(_fd); _fd = -1; } }\n");
    for (int i = 0; i < n; i++)
    {
        sb.Append($"    public long M{i}(IntPtr buf) {{ if (_fd < 0) return -1; _count++; long r = Syscall.read(_fd, buf, {i + 1}); if (r < 0) {{ Dispose(); return r; }} if ({i} > _count) M{(i + 1) % n}(buf); return r; }}\n");
    }
    sb.Append("}\n");
    return sb.ToString();
}

static ImmutableArray<MetadataReference> LoadReferences()
{
    var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    var builder = ImmutableArray.CreateBuilder<MetadataReference>();
    foreach (var dll in Directory.GetFiles(runtimeDir, "*.dll"))
    {
        try { builder.Add(MetadataReference.CreateFromFile(dll)); } catch (BadImageFormatException) { }
    }
    builder.Add(MetadataReference.CreateFromFile(typeof(Mono.Unix.Native.Syscall).Assembly.Location));
    builder.Add(MetadataReference.CreateFromFile(typeof(FdSafety.OwnedFd).Assembly.Location));
    return builder.ToImmutable();
}
