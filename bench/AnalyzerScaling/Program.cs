// Analyzer scaling benchmark: how the FdSafety analyzers' time grows with the size of one method
// and with the number of methods. Prints medians of repeated runs; run on demand:
//   dotnet run -c Release --project bench/AnalyzerScaling [-- runs [split]]
//   dotnet run -c Release --project bench/AnalyzerScaling -- runs branches N    (one method of N branches only)
//   dotnet run -c Release --project bench/AnalyzerScaling -- runs flow <branches:N | synthetic:N | DIR> [--before DLL]
//     (only FdFlowAnalysis.Analyze, over graphs built once: see FlowOnly.cs)
// (split: only the breakdown of the one large method into binding, graph, flow analysis and the driver)
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
bool onlySplit = args.Length > 1 && args[1] == "split";
var references = LoadReferences();
var analyzers = typeof(FdSafety.Analyzers.Descriptors).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();
if (args.Length > 2 && args[1] == "flow")
{
    FlowOnly.Run(runs, args[2], args.Length > 4 && args[3] == "--before" ? args[4] : null, references, BranchyMethod);
    return;
}
if (args.Length > 2 && args[1] == "branches" && int.TryParse(args[2], out var size))
{
    // Only the one method of the given size, every analyzer through the driver (to run under a profiler).
    Measure(size.ToString().PadLeft(7), BranchyMethod(size));
    return;
}

Console.WriteLine($"FdSafety analyzers: {analyzers.Length}; median of {runs} runs; fresh compilation per run");
Console.WriteLine();
if (!onlySplit)
{
    Console.WriteLine("one method with N if/else branches, each opening and closing a descriptor");
    Console.WriteLine("      N   compile ms   analyzers ms   ms per branch   diagnostics");
    foreach (var n in new[] { 250, 500, 1000, 2000, 4000 })
    {
        Measure(n.ToString().PadLeft(7), BranchyMethod(n));
    }
    Console.WriteLine();
}
Console.WriteLine("the same method, where the time goes (medians; each step on a fresh compilation or semantic model):");
Console.WriteLine("  bind: the method's operation tree (GetOperation on a new semantic model); graph: ControlFlowGraph.Create;");
Console.WriteLine("  flow: FdSafety's flow analysis of that graph (FdFlowAnalysis.Analyze); driver: a no-op code block analyzer");
Console.WriteLine("  through the analyzer driver; all: every FdSafety analyzer through the driver (what the table above shows)");
Console.WriteLine("      N    bind ms   graph ms    flow ms   driver ms      all ms   all - (bind+graph+flow+driver)");
foreach (var n in new[] { 250, 1000, 4000 })
{
    Breakdown(n, BranchyMethod(n));
}
if (onlySplit) return;
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

void Breakdown(int n, string source)
{
    var bind = new List<double>();
    var graph = new List<double>();
    var flow = new List<double>();
    var driver = new List<double>();
    var all = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        var tree = CSharpSyntaxTree.ParseText(source, path: "bench.cs");
        var compilation = CSharpCompilation.Create("split" + i, new[] { tree }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        compilation.GetDiagnostics();
        var declaration = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single();
        var sw = Stopwatch.StartNew();
        var model = compilation.GetSemanticModel(tree);
        var body = (Microsoft.CodeAnalysis.Operations.IMethodBodyOperation)model.GetOperation(declaration)!;
        bind.Add(sw.Elapsed.TotalMilliseconds);
        sw.Restart();
        var cfg = Microsoft.CodeAnalysis.FlowAnalysis.ControlFlowGraph.Create(body);
        graph.Add(sw.Elapsed.TotalMilliseconds);
        var method = (IMethodSymbol)model.GetDeclaredSymbol(declaration)!;
        var table = FdSafety.Analyzers.Flow.CompilationAnalysis.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).TableFor(tree);
        sw.Restart();
        var result = FdSafety.Analyzers.Flow.FdFlowAnalysis.Analyze(cfg, table, method, System.Threading.CancellationToken.None);
        flow.Add(sw.Elapsed.TotalMilliseconds);
        if (!result.Completed) throw new InvalidOperationException("the flow analysis did not complete");

        var fresh = CSharpCompilation.Create("driver" + i, new[] { CSharpSyntaxTree.ParseText(source, path: "bench.cs") }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        fresh.GetDiagnostics();
        sw.Restart();
        fresh.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer())).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        driver.Add(sw.Elapsed.TotalMilliseconds);

        var again = CSharpCompilation.Create("all" + i, new[] { CSharpSyntaxTree.ParseText(source, path: "bench.cs") }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        again.GetDiagnostics();
        sw.Restart();
        again.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        all.Add(sw.Elapsed.TotalMilliseconds);
    }
    double rest = Median(all) - Median(bind) - Median(graph) - Median(flow) - Median(driver);
    Console.WriteLine($"{n,7}   {Median(bind),8:F0}   {Median(graph),8:F0}   {Median(flow),8:F0}   {Median(driver),9:F0}   {Median(all),9:F0}   {rest,8:F0}");
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

/// <summary>The analyzer driver's own cost for one method: one code block action that does nothing.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
sealed class NoOpAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("NOOP0001", "never reported", "never reported", "Bench", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => start.RegisterCodeBlockAction(_ => { }));
    }
}
