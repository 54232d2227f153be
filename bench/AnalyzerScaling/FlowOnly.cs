using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

/// <summary>
/// The flow engine alone: every body's control-flow graph (and those of its local functions and lambdas)
/// is built once; then each round runs <c>FdFlowAnalysis.Analyze</c> over all of them, for this build and,
/// with --before, for another build of FdSafety.Analyzers (each build in a load context of its own), taking
/// turns, the order flipping each round, after fifteen warm-up rounds (a large method runs in less optimized
/// code for its first ten or so). Only the bodies the analyzer would analyze are timed: those its pre-check
/// (CompilationAnalysis.MentionsDescriptors, called by reflection) lets through, with their nested functions.
/// Prints per build the median and least wall and cpu ms per round (cpu: the process's) and the memory one
/// round allocates, the ratios, and for how many graphs the two builds' results differ (completed, and each
/// event's kind, location and whether it holds on every path: it should be 0).
/// </summary>
internal static class FlowOnly
{
    public static void Run(int runs, string corpus, string? before, ImmutableArray<MetadataReference> references, Func<int, string> branchy)
    {
        var compilations = Load(corpus, references, branchy);
        if (compilations == null) return;
        // Each build in a load context of its own, this one too, so that the two are loaded alike.
        var engines = new List<Engine> { new Engine("this build", Load(typeof(FdSafety.Analyzers.Descriptors).Assembly.Location)) };
        if (before != null) engines.Add(new Engine("before", Load(before)));

        // The graphs, built once and shared by the builds (Roslyn is loaded once).
        var graphs = new List<(Compilation Compilation, SyntaxTree Tree, ControlFlowGraph Graph, IMethodSymbol? Method)>();
        int bodies = 0;
        foreach (var compilation in compilations)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    if (!(node is BaseMethodDeclarationSyntax || node is AccessorDeclarationSyntax)) continue;
                    var body = model.GetOperation(node);
                    var graph = body switch
                    {
                        IMethodBodyOperation m => ControlFlowGraph.Create(m),
                        IConstructorBodyOperation c => ControlFlowGraph.Create(c),
                        _ => null,
                    };
                    if (graph == null) continue;
                    bodies++;
                    if (!engines[0].Mentions(compilation, tree, body!)) continue;
                    AddWithNested(graphs, compilation, tree, graph, model.GetDeclaredSymbol(node) as IMethodSymbol, depth: 0);
                }
            }
        }
        var timed = graphs;
        int differing = 0;
        if (engines.Count > 1)
        {
            foreach (var g in timed)
            {
                if (engines[0].Fingerprint(g.Compilation, g.Tree, g.Graph, g.Method) != engines[1].Fingerprint(g.Compilation, g.Tree, g.Graph, g.Method)) differing++;
            }
        }
        Console.WriteLine($"flow engine only, {corpus}: {bodies} bodies, {timed.Count} graphs timed (bodies that mention descriptors, with their nested functions); median of {runs} rounds after {Warmups} warm-ups, builds taking turns");
        var times = engines.Select(_ => new List<double>()).ToList();
        var cpu = engines.Select(_ => new List<double>()).ToList();
        var allocated = engines.Select(_ => new List<double>()).ToList();
        var process = Process.GetCurrentProcess();
        for (int round = -Warmups; round < runs; round++)
        {
            for (int k = 0; k < engines.Count; k++)
            {
                int e = (k + Math.Max(round, 0)) % engines.Count;
                // Each measurement from a collected heap, so that one build's garbage is not the other's pause.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                foreach (var g in timed) engines[e].Analyze(g.Compilation, g.Tree, g.Graph, g.Method);
                double wall = sw.Elapsed.TotalMilliseconds;
                long bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
                process.Refresh();
                double used = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                // The warm-up rounds (JIT to the optimized tier, the tables' caches) are not counted.
                if (round >= 0)
                {
                    times[e].Add(wall);
                    cpu[e].Add(used);
                    allocated[e].Add(bytes / 1048576.0);
                }
            }
        }
        for (int e = 0; e < engines.Count; e++)
        {
            Console.WriteLine($"  {engines[e].Name,-12} wall {Median(times[e]),8:F1} ms (min {times[e].Min(),6:F1})   cpu {Median(cpu[e]),8:F1} ms (min {cpu[e].Min(),6:F1})   allocated {Median(allocated[e]),7:F1} MB");
        }
        if (engines.Count > 1)
        {
            Console.WriteLine($"  this build / before: wall {Median(times[0]) / Median(times[1]):F3} (min {times[0].Min() / times[1].Min():F3}), cpu {Median(cpu[0]) / Median(cpu[1]):F3} (min {cpu[0].Min() / cpu[1].Min():F3}), allocated {Median(allocated[0]) / Median(allocated[1]):F3}; bodies whose events differ: {differing}");
        }
    }

    private const int Warmups = 15;

    private static void AddWithNested(List<(Compilation, SyntaxTree, ControlFlowGraph, IMethodSymbol?)> graphs, Compilation compilation, SyntaxTree tree, ControlFlowGraph graph, IMethodSymbol? method, int depth)
    {
        graphs.Add((compilation, tree, graph, method));
        if (depth > 8) return;
        foreach (var local in graph.LocalFunctions)
        {
            AddWithNested(graphs, compilation, tree, graph.GetLocalFunctionControlFlowGraph(local), local, depth + 1);
        }
        foreach (var block in graph.Blocks)
        {
            var operations = block.BranchValue == null ? block.Operations : block.Operations.Add(block.BranchValue);
            foreach (var op in operations)
            {
                foreach (var lambda in op.DescendantsAndSelf().OfType<IFlowAnonymousFunctionOperation>())
                {
                    AddWithNested(graphs, compilation, tree, graph.GetAnonymousFunctionControlFlowGraph(lambda), lambda.Symbol, depth + 1);
                }
            }
        }
    }

    private static List<Compilation>? Load(string corpus, ImmutableArray<MetadataReference> references, Func<int, string> branchy)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true);
        if (corpus.StartsWith("branches:", StringComparison.Ordinal) && int.TryParse(corpus.Substring("branches:".Length), out var n))
        {
            return new List<Compilation> { CSharpCompilation.Create("flow", new[] { CSharpSyntaxTree.ParseText(branchy(n), parse, path: "bench.cs") }, references, options) };
        }
        if (corpus.StartsWith("synthetic:", StringComparison.Ordinal) && int.TryParse(corpus.Substring("synthetic:".Length), out var scale))
        {
            var trees = Enumerable.Range(0, 40 * scale).Select(i => CSharpSyntaxTree.ParseText(CompileCost.Synthetic.File(i), parse, path: $"Synthetic{i}.cs"));
            return new List<Compilation> { CSharpCompilation.Create("synthetic", trees, references, options) };
        }
        if (Directory.Exists(corpus))
        {
            // A folder of programs that each compile alone (bench/EngineEval/corpus): one compilation per file.
            return Directory.GetFiles(corpus, "*.cs", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select((f, i) => (Compilation)CSharpCompilation.Create("file" + i, new[] { CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: f) }, references, options))
                .ToList();
        }
        Console.Error.WriteLine("flow needs branches:N, synthetic:N or a folder of .cs files");
        return null;
    }

    private static Assembly Load(string dll)
    {
        var path = Path.GetFullPath(dll);
        return new EngineLoadContext(Path.GetDirectoryName(path)!).LoadFromAssemblyPath(path);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>One build of the engine, called by reflection so that two builds can run side by side.</summary>
    private sealed class Engine
    {
        private readonly MethodInfo _for;
        private readonly MethodInfo _tableFor;
        private readonly MethodInfo _analyze;
        private readonly MethodInfo? _mentions;
        private readonly AnalyzerOptions _options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        private readonly Dictionary<SyntaxTree, object> _tables = new Dictionary<SyntaxTree, object>();

        public Engine(string name, Assembly assembly)
        {
            Name = name;
            var analysis = assembly.GetType("FdSafety.Analyzers.Flow.CompilationAnalysis", throwOnError: true)!;
            _for = analysis.GetMethod("For", new[] { typeof(Compilation), typeof(AnalyzerOptions) })!;
            _tableFor = analysis.GetMethod("TableFor", new[] { typeof(SyntaxTree) })!;
            _mentions = analysis.GetMethod("MentionsDescriptors", BindingFlags.NonPublic | BindingFlags.Static, new[] { typeof(IOperation), _tableFor.ReturnType });
            if (_mentions == null) Console.Error.WriteLine($"{name}: no CompilationAnalysis.MentionsDescriptors(IOperation, OwnershipTable); every body is timed");
            _analyze = assembly.GetType("FdSafety.Analyzers.Flow.FdFlowAnalysis", throwOnError: true)!.GetMethods()
                .Single(m => m.Name == "Analyze" && m.GetParameters().Length == 4);
        }

        public string Name { get; }

        private object Table(Compilation compilation, SyntaxTree tree)
        {
            if (!_tables.TryGetValue(tree, out var table))
            {
                _tables[tree] = table = _tableFor.Invoke(_for.Invoke(null, new object[] { compilation, _options }), new object[] { tree })!;
            }
            return table;
        }

        public object Analyze(Compilation compilation, SyntaxTree tree, ControlFlowGraph graph, IMethodSymbol? method) =>
            _analyze.Invoke(null, new object?[] { graph, Table(compilation, tree), method, CancellationToken.None })!;

        /// <summary>The analyzer's own pre-check of a body: does it call a descriptor API or take a descriptor.</summary>
        public bool Mentions(Compilation compilation, SyntaxTree tree, IOperation body) =>
            _mentions == null || (bool)_mentions.Invoke(null, new object[] { body, Table(compilation, tree) })!;

        public string Fingerprint(Compilation compilation, SyntaxTree tree, ControlFlowGraph graph, IMethodSymbol? method)
        {
            dynamic result = Analyze(compilation, tree, graph, method);
            var parts = new List<string> { ((bool)result.Completed).ToString() };
            foreach (var e in result.Events)
            {
                parts.Add($"{e.Kind}@{((Location)e.Location).SourceSpan}:{e.OnEveryPath}");
            }
            return string.Join(";", parts);
        }
    }

    /// <summary>Loads an analyzer assembly from its folder; Roslyn comes from the default context (shared).</summary>
    private sealed class EngineLoadContext : AssemblyLoadContext
    {
        private readonly string _dir;

        public EngineLoadContext(string dir) : base("engine:" + dir) => _dir = dir;

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name != null && name.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)) return null;
            var path = Path.Combine(_dir, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
