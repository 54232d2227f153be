// What FdSafety's analyzers add to a compile, next to CA2000's, measured in one process with the
// configurations alternating round by round; prints medians and each configuration's added time and
// share of the compile. Run on demand (CI only builds it):
//
//   dotnet run -c Release --project bench/CompileCost -- compile <folder | synthetic:N> [--rounds 3] [--before DLL] [--dump DIR] [--no-ca2000] [--no-warmup] [--floor]
//   dotnet run -c Release --project bench/CompileCost -- scaling [--rounds 3] [--before DLL]
//   dotnet run -c Release --project bench/CompileCost -- editor  [--rounds 21] [--before DLL]
//   dotnet run -c Release --project bench/CompileCost -- prepass <folder | synthetic:N> [--rounds 11] [--before DLL]
//
// compile: every *.cs below the folder (bin/ and obj/ skipped) as one compilation, or the synthetic
//   corpus at scale N; configurations: compiler only, FdSafety (this build), FdSafety (--before: another
//   build of FdSafety.Analyzers.dll, loaded in its own load context), CA2000 only (the SDK's NetAnalyzers,
//   CA2000 enabled as a warning). --dump writes each configuration's analyzer diagnostics, sorted, to DIR.
// --floor adds a no-op analyzer (one empty code block action): the analyzer driver's own cost.
// --floors adds one no-op analyzer per registration kind (syntax tree, semantic model, symbol, code block,
//   operation block, operation, syntax node, compilation end ...): what each kind costs before any work;
//   --floors-only measures those and the compiler alone, without FdSafety or CA2000; --floor-kinds
//   SyntaxTree,CodeBlock,... picks kinds; --floor-copies N puts N analyzers of the kind in one configuration
//   (FdSafety is nine analyzers).
// scaling: the synthetic corpus at 1x, 2x and 4x: FdSafety's added time per scale and its ratio to 1x.
// editor: a large file; one method edited per round and re-analyzed alone (the IDE's span analysis).
// prepass: the pre-pass alone (the token scan of every tree and the closure, FdSafety's Relevance), on trees parsed
//   afresh for each measurement (no cached facts), this build and --before alternating: wall, cpu, bytes allocated.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CompileCost
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length == 0)
            {
                Console.Error.WriteLine("usage: CompileCost compile <folder | synthetic:N> [--rounds R] [--before DLL] [--dump DIR] [--no-ca2000] [--no-warmup]");
                Console.Error.WriteLine("       CompileCost scaling [--rounds R] [--before DLL]");
                Console.Error.WriteLine("       CompileCost editor [--rounds R] [--before DLL]");
                Console.Error.WriteLine("       CompileCost prepass <folder | synthetic:N> [--rounds R] [--before DLL]");
                Console.Error.WriteLine("       CompileCost bodies <folder | synthetic:N> [--before DLL]");
                return 2;
            }
            var options = Options.Parse(args.Skip(1).ToArray());
            if (options.Error != null)
            {
                Console.Error.WriteLine(options.Error);
                return 2;
            }
            switch (args[0])
            {
                case "compile":
                    return Compile(options);
                case "scaling":
                    return Scaling(options);
                case "editor":
                    return Editor(options);
                case "prepass":
                    return Prepass(options);
                case "bodies":
                    return Bodies(options);
                default:
                    Console.Error.WriteLine("unknown command: " + args[0]);
                    return 2;
            }
        }

        private static int Compile(Options options)
        {
            if (options.Positional.Count != 1)
            {
                Console.Error.WriteLine("compile needs one corpus: a folder or synthetic:N");
                return 2;
            }
            var corpus = Corpus.Load(options.Positional[0]);
            if (corpus == null) return 2;
            var configs = Configurations(options);
            Console.WriteLine($"corpus {options.Positional[0]}: {corpus.Trees.Length} files, {corpus.Lines} lines; {options.Rounds} rounds, alternating; medians");
            if (Program.WarmUp) Console.WriteLine($"  compile errors in the corpus: {CompileErrors(corpus)} (missing package references; the code is still bound)");
            var results = Measure(corpus, configs, options.Rounds);
            Print(results);
            if (options.Dump != null)
            {
                Directory.CreateDirectory(options.Dump);
                foreach (var r in results.Where(r => r.Config.Analyzers.Length > 0))
                {
                    var path = Path.Combine(options.Dump, r.Config.Label.Replace(' ', '-').Replace("(", "").Replace(")", "") + ".txt");
                    File.WriteAllLines(path, r.Diagnostics);
                    Console.WriteLine($"  {r.Diagnostics.Length} diagnostics of {r.Config.Label} -> {path}");
                }
            }
            return 0;
        }

        /// <summary>
        /// The pre-pass alone, per build: <c>CompilationAnalysis.For(compilation, options).Relevance</c> (internal, so reached by
        /// reflection, the same way for this build and the one loaded from --before) on a compilation of freshly parsed trees.
        /// </summary>
        private static int Prepass(Options options)
        {
            if (options.Positional.Count != 1)
            {
                Console.Error.WriteLine("prepass needs one corpus: a folder or synthetic:N");
                return 2;
            }
            var spec = options.Positional[0];
            var first = Corpus.Load(spec);
            if (first == null) return 2;
            var builds = Builds(options);
            int rounds = options.RoundsGiven ? options.Rounds : 11;
            Console.WriteLine($"corpus {spec}: {first.Trees.Length} files, {first.Lines} lines; pre-pass alone, {rounds} rounds, alternating; medians");
            var wall = builds.Select(_ => new List<double>()).ToList();
            var cpu = builds.Select(_ => new List<double>()).ToList();
            var bytes = builds.Select(_ => new List<double>()).ToList();
            int n = 0;
            for (int round = WarmUp ? -1 : 0; round < rounds; round++)
            {
                for (int k = 0; k < builds.Count; k++)
                {
                    int b = (k + Math.Max(round, 0)) % builds.Count;
                    var corpus = Corpus.Load(spec)!;
                    var compilation = CSharpCompilation.Create("prepass" + n++, corpus.Trees, corpus.References, Corpus.CompilationOptions);
                    var type = builds[b].Assembly.GetType("FdSafety.Analyzers.Flow.CompilationAnalysis", throwOnError: true)!;
                    var analysis = type.GetMethod("For", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
                        .Invoke(null, new object[] { compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty) });
                    var relevance = type.GetProperty("Relevance", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)!;
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var allocated = GC.GetTotalAllocatedBytes(precise: true);
                    var used = Process.GetCurrentProcess().TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    relevance.GetValue(analysis);
                    clock.Stop();
                    if (round < 0) continue;
                    wall[b].Add(clock.Elapsed.TotalMilliseconds);
                    cpu[b].Add((Process.GetCurrentProcess().TotalProcessorTime - used).TotalMilliseconds);
                    bytes[b].Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6);
                }
            }
            for (int b = 0; b < builds.Count; b++)
            {
                Console.WriteLine($"  {builds[b].Label,-22} wall {Median(wall[b]),8:F0} ms   cpu {Median(cpu[b]),8:F0} ms   allocated {Median(bytes[b]),8:F1} MB");
            }
            if (builds.Count == 2)
            {
                Console.WriteLine($"  this build / before: wall {Median(wall[0]) / Median(wall[1]):F2}, cpu {Median(cpu[0]) / Median(cpu[1]):F2}, allocated {Median(bytes[0]) / Median(bytes[1]):F2}");
            }
            return 0;
        }

        /// <summary>
        /// How much work the analysis does, counted rather than timed (the counts are exact and repeat): per build, one run of all
        /// its analyzers over a fresh compilation, with the test hook <c>CompilationAnalysis.FaultInjection</c> (internal, reached by
        /// reflection) counting the flow analyses of a body and the distinct bodies they bind.
        /// </summary>
        private static int Bodies(Options options)
        {
            if (options.Positional.Count != 1)
            {
                Console.Error.WriteLine("bodies needs one corpus: a folder or synthetic:N");
                return 2;
            }
            var spec = options.Positional[0];
            var builds = Builds(options);
            foreach (var (label, assembly) in builds)
            {
                var corpus = Corpus.Load(spec);
                if (corpus == null) return 2;
                var compilation = CSharpCompilation.Create("bodies", corpus.Trees, corpus.References, Corpus.CompilationOptions);
                var hook = assembly.GetType("FdSafety.Analyzers.Flow.CompilationAnalysis", throwOnError: true)!
                    .GetProperty("FaultInjection", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
                int analyses = 0;
                var bodies = new System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, bool>();
                hook.SetValue(null, (Action<IOperation>)(body =>
                {
                    Interlocked.Increment(ref analyses);
                    bodies.TryAdd(body.Syntax, true);
                }));
                try
                {
                    var diagnostics = compilation.WithAnalyzers(AnalyzersOf(assembly)).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                    Console.WriteLine($"  {label,-22} flow analyses of a body {analyses,7}   distinct bodies bound {bodies.Count,7}   findings {diagnostics.Length,5}");
                }
                finally
                {
                    hook.SetValue(null, null);
                }
            }
            return 0;
        }

        private static int Scaling(Options options)
        {
            var configs = Configurations(options).Where(c => !c.Label.StartsWith("CA2000", StringComparison.Ordinal) || !options.NoCa2000).ToList();
            var added = new Dictionary<string, List<double>>();
            var addedCpu = new Dictionary<string, List<double>>();
            foreach (var scale in new[] { 1, 2, 4 })
            {
                var corpus = Corpus.Synthetic(scale);
                Console.WriteLine($"synthetic x{scale}: {corpus.Trees.Length} files, {corpus.Lines} lines, {CompileErrors(corpus)} compile errors; {options.Rounds} rounds, alternating; medians");
                var results = Measure(corpus, configs, options.Rounds);
                Print(results);
                foreach (var r in results.Skip(1))
                {
                    if (!added.TryGetValue(r.Config.Label, out var list)) added[r.Config.Label] = list = new List<double>();
                    list.Add(r.AddedMs);
                    if (!addedCpu.TryGetValue(r.Config.Label, out var cpuList)) addedCpu[r.Config.Label] = cpuList = new List<double>();
                    cpuList.Add(r.AddedCpuMs);
                }
                Console.WriteLine();
            }
            Console.WriteLine("added time relative to x1 (target for FdSafety: x4 <= 4.4)");
            foreach (var (label, table) in new[] { ("wall", added), ("cpu", addedCpu) })
            {
                foreach (var kv in table)
                {
                    var baseMs = Math.Max(kv.Value[0], 1e-9);
                    Console.WriteLine($"  {kv.Key,-22} {label,-4} x1 {kv.Value[0],8:F0} ms   x2 {kv.Value[1],8:F0} ms ({kv.Value[1] / baseMs:F2}x)   x4 {kv.Value[2],8:F0} ms ({kv.Value[2] / baseMs:F2}x)");
                }
            }
            return 0;
        }

        private static int Editor(Options options)
        {
            int rounds = options.RoundsGiven ? options.Rounds : 21;
            var corpus = Corpus.Synthetic(1);
            // The large file: many classes' worth of methods in one tree, a tenth of them descriptor code.
            var largeSource = Synthetic.LargeFile(methods: 3000);
            var large = CSharpSyntaxTree.ParseText(largeSource, Corpus.ParseOptions, path: "Large.cs");
            var compilation = CSharpCompilation.Create("editor", corpus.Trees.Add(large), corpus.References, Corpus.CompilationOptions);
            var targets = Synthetic.EditTargets(largeSource);
            Console.WriteLine($"editor: {large.GetText().Lines.Count} lines in the edited file, {corpus.Trees.Length + 1} files; one method edited and re-analyzed per round, the configurations by turns; median of {rounds}");
            var configs = Configurations(options).Where(c => c.Analyzers.Length > 0).ToList();
            var states = new List<(Compilation Current, SyntaxTree Tree)>();
            foreach (var config in configs)
            {
                // Warm up: the whole compilation analyzed once (as the IDE has, before the edit).
                compilation.WithAnalyzers(config.Analyzers, config.WithOptions()).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                states.Add((compilation, large));
            }
            var times = configs.Select(_ => new List<double>()).ToList();
            var cpu = configs.Select(_ => new List<double>()).ToList();
            var process = Process.GetCurrentProcess();
            var found = new int[configs.Count];
            for (int i = 0; i < rounds; i++)
            {
                // Edit one descriptor method (its buffer size), as a user typing in it would; each configuration
                // gets the same edit, in an order that rotates every round.
                var name = targets[i % targets.Count];
                for (int k = 0; k < configs.Count; k++)
                {
                    int c = (k + i) % configs.Count;
                    var (current, tree) = states[c];
                    var text = tree.GetText();
                    var match = System.Text.RegularExpressions.Regex.Match(text.ToString(), "int size_" + name + @" = (\d+);");
                    var number = match.Groups[1];
                    var edited = text.WithChanges(new TextChange(new TextSpan(number.Index, number.Length), (4096 + i + 1).ToString()));
                    var newTree = tree.WithChangedText(edited);
                    current = current.ReplaceSyntaxTree(tree, newTree);
                    states[c] = (current, newTree);
                    var span = MethodSpan(newTree, name);
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    var model = current.GetSemanticModel(newTree);
                    var diagnostics = current.WithAnalyzers(configs[c].Analyzers, configs[c].WithOptions())
                        .GetAnalyzerSemanticDiagnosticsAsync(model, span, CancellationToken.None).GetAwaiter().GetResult();
                    times[c].Add(sw.Elapsed.TotalMilliseconds);
                    process.Refresh();
                    cpu[c].Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                    found[c] += diagnostics.Length;
                }
            }
            for (int c = 0; c < configs.Count; c++)
            {
                Console.WriteLine($"  {configs[c].Label,-22} median {Median(times[c]),8:F1} ms   min {times[c].Min(),8:F1} ms   max {times[c].Max(),8:F1} ms   cpu median {Median(cpu[c]),8:F1} ms   (diagnostics in the edited methods: {found[c]})");
            }
            // With the no-op analyzer: each configuration's time above it, paired round by round (the same edit, measured
            // next to each other), which the machine's load moves less than the absolute times.
            int floor = configs.FindIndex(c => c.Label == "no-op analyzer");
            if (floor >= 0)
            {
                for (int c = 0; c < configs.Count; c++)
                {
                    if (c == floor) continue;
                    var wall = times[c].Select((t, i) => t - times[floor][i]).ToList();
                    var used = cpu[c].Select((t, i) => t - cpu[floor][i]).ToList();
                    Console.WriteLine($"  {configs[c].Label,-22} above the no-op analyzer, paired by round: wall median {Median(wall),6:F1} ms, cpu median {Median(used),6:F1} ms (target <= 10)");
                }
            }
            return 0;
        }

        internal static bool WarmUp = true;

        private static int CompileErrors(Corpus corpus) =>
            CSharpCompilation.Create("corpus", corpus.Trees, corpus.References, Corpus.CompilationOptions)
                .GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        private static TextSpan MethodSpan(SyntaxTree tree, string name) =>
            tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
                .First(m => m.Identifier.ValueText == name).Span;

        private sealed class Result
        {
            public Result(Configuration config) => Config = config;
            public Configuration Config { get; }
            public List<double> Times { get; } = new List<double>();
            public List<double> Added { get; } = new List<double>();
            public List<double> Cpu { get; } = new List<double>();
            public List<double> AddedCpu { get; } = new List<double>();
            public double CpuMs => Median(Cpu);
            public double AddedCpuMs => AddedCpu.Count == 0 ? 0 : Median(AddedCpu);
            public string[] Diagnostics { get; set; } = Array.Empty<string>();
            public double MedianMs => Median(Times);
            public double AddedMs => Added.Count == 0 ? 0 : Median(Added);
        }

        private static List<Result> Measure(Corpus corpus, IReadOnlyList<Configuration> configs, int rounds)
        {
            var results = configs.Select(c => new Result(c)).ToList();
            // One warm-up of each configuration, not counted (JIT, reference metadata).
            if (WarmUp) foreach (var c in configs) Run(corpus, c, out _);
            for (int round = 0; round < rounds; round++)
            {
                var order = Enumerable.Range(0, configs.Count).Select(i => (i + round) % configs.Count).ToList();
                var times = new double[configs.Count];
                var cpus = new double[configs.Count];
                foreach (var i in order)
                {
                    times[i] = Run(corpus, configs[i], out var diagnostics, out cpus[i]);
                    results[i].Times.Add(times[i]);
                    results[i].Cpu.Add(cpus[i]);
                    results[i].Diagnostics = diagnostics;
                }
                for (int i = 1; i < configs.Count; i++)
                {
                    results[i].Added.Add(times[i] - times[0]);
                    results[i].AddedCpu.Add(cpus[i] - cpus[0]);
                }
            }
            return results;
        }

        private static void Print(List<Result> results)
        {
            double compile = results[0].MedianMs;
            double compileCpu = results[0].CpuMs;
            Console.WriteLine($"  {"configuration",-22} {"wall ms",10} {"added",10} {"share",8} {"cpu ms",10} {"added",10} {"share",8} {"diagnostics",12}");
            foreach (var r in results)
            {
                bool first = ReferenceEquals(r, results[0]);
                string added = first ? "" : $"{r.AddedMs,10:F0}";
                string share = first ? "" : $"{100 * r.AddedMs / compile,7:F1}%";
                string addedCpu = first ? "" : $"{r.AddedCpuMs,10:F0}";
                string shareCpu = first ? "" : $"{100 * r.AddedCpuMs / compileCpu,7:F1}%";
                Console.WriteLine($"  {r.Config.Label,-22} {r.MedianMs,10:F0} {added,10} {share,8} {r.CpuMs,10:F0} {addedCpu,10} {shareCpu,8} {r.Diagnostics.Length,12}");
            }
            var ca = results.FirstOrDefault(r => r.Config.Label.StartsWith("CA2000", StringComparison.Ordinal));
            foreach (var r in results.Where(r => r.Config.Label.StartsWith("FdSafety", StringComparison.Ordinal)))
            {
                string vsCa = ca == null ? "" : $"added / CA2000 added: wall {r.AddedMs / ca.AddedMs:F3}, cpu {r.AddedCpuMs / ca.AddedCpuMs:F3} (target <= 0.1); ";
                Console.WriteLine($"  {r.Config.Label}: {vsCa}share of compile: wall {100 * r.AddedMs / compile:F1}%, cpu {100 * r.AddedCpuMs / compileCpu:F1}% (target <= 2%)");
            }
        }

        /// <summary>Compiles once (fresh compilation) with the configuration's analyzers; returns wall ms.</summary>
        private static double Run(Corpus corpus, Configuration config, out string[] diagnostics) => Run(corpus, config, out diagnostics, out _);

        /// <summary>Compiles once (fresh compilation) with the configuration's analyzers; returns wall ms, and the process's CPU ms.</summary>
        private static double Run(Corpus corpus, Configuration config, out string[] diagnostics, out double cpuMs)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var compilation = CSharpCompilation.Create("corpus", corpus.Trees, corpus.References, Corpus.CompilationOptions);
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            if (config.Analyzers.IsEmpty)
            {
                compilation.GetDiagnostics();
                sw.Stop();
                process.Refresh();
                cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
                diagnostics = Array.Empty<string>();
                return sw.Elapsed.TotalMilliseconds;
            }
            var all = compilation.WithAnalyzers(config.Analyzers, config.WithOptions()).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
            sw.Stop();
            process.Refresh();
            cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
            diagnostics = all.Where(d => d.Id.StartsWith("FDS", StringComparison.Ordinal) || d.Id == "CA2000" || d.Id == "AD0001")
                .Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToArray();
            return sw.Elapsed.TotalMilliseconds;
        }

        private static string Describe(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            return $"{d.Id} {span.Path}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1} {d.GetMessage()}";
        }

        private static IReadOnlyList<Configuration> Configurations(Options options)
        {
            var list = new List<Configuration> { new Configuration("compiler only", ImmutableArray<DiagnosticAnalyzer>.Empty) };
            if (options.Floor) list.Add(new Configuration("no-op analyzer", ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer())));
            if (options.Floors)
            {
                foreach (var kind in options.FloorKinds ?? Enum.GetValues<NoOpKind>().ToList())
                {
                    var copies = Enumerable.Range(0, options.FloorCopies).Select(_ => (DiagnosticAnalyzer)new NoOpKindAnalyzer(kind)).ToImmutableArray();
                    var label = "no-op " + NoOpKindAnalyzer.Label(kind) + (options.FloorCopies > 1 ? " x" + options.FloorCopies : "");
                    list.Add(new Configuration(label, copies));
                }
            }
            if (options.FloorsOnly) return list;
            list.Add(new Configuration("FdSafety", AnalyzersOf(typeof(FdSafety.Analyzers.Descriptors).Assembly)));
            if (options.Before != null) list.Add(new Configuration("FdSafety (before)", AnalyzersOf(LoadBefore(options.Before))));
            if (!options.NoCa2000)
            {
                var ca = Ca2000(options.Ca2000Dir);
                if (ca.IsEmpty) Console.WriteLine("  (CA2000 not found: pass --ca2000-dir to the SDK's analyzers folder)");
                else list.Add(new Configuration("CA2000 only", ca));
            }
            return list;
        }

        /// <summary>This build of FdSafety.Analyzers, and the one of --before if given.</summary>
        private static List<(string Label, Assembly Assembly)> Builds(Options options)
        {
            var builds = new List<(string Label, Assembly Assembly)> { ("FdSafety", typeof(FdSafety.Analyzers.Descriptors).Assembly) };
            if (options.Before != null) builds.Add(("FdSafety (before)", LoadBefore(options.Before)));
            return builds;
        }

        /// <summary>Another build of FdSafety.Analyzers.dll, in its own load context (its folder's assemblies; Roslyn shared).</summary>
        private static Assembly LoadBefore(string path)
        {
            var full = Path.GetFullPath(path);
            return new AnalyzerLoadContext(Path.GetDirectoryName(full)!).LoadFromAssemblyPath(full);
        }

        private static ImmutableArray<DiagnosticAnalyzer> AnalyzersOf(Assembly assembly) =>
            assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                    && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        /// <summary>The analyzers of the SDK's NetAnalyzers that report CA2000.</summary>
        private static ImmutableArray<DiagnosticAnalyzer> Ca2000(string? dir)
        {
            dir ??= FindSdkAnalyzers();
            if (dir == null) return ImmutableArray<DiagnosticAnalyzer>.Empty;
            var context = new AnalyzerLoadContext(dir);
            var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
            foreach (var name in new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" })
            {
                var path = Path.Combine(dir, name);
                if (!File.Exists(path)) continue;
                Type[] types;
                try { types = context.LoadFromAssemblyPath(path).GetTypes(); }
                catch (ReflectionTypeLoadException e) { types = e.Types.Where(t => t != null).ToArray()!; }
                foreach (var t in types)
                {
                    if (t.IsAbstract || !typeof(DiagnosticAnalyzer).IsAssignableFrom(t)) continue;
                    var attr = t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).OfType<DiagnosticAnalyzerAttribute>().FirstOrDefault();
                    if (attr == null || !attr.Languages.Contains(LanguageNames.CSharp)) continue;
                    DiagnosticAnalyzer analyzer;
                    try { analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(t)!; }
                    catch (Exception) { continue; }
                    if (analyzer.SupportedDiagnostics.Any(d => d.Id == "CA2000")) builder.Add(analyzer);
                }
            }
            return builder.ToImmutable();
        }

        private static string? FindSdkAnalyzers()
        {
            // <dotnet root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll -> <dotnet root>/sdk/<newest>/Sdks/Microsoft.NET.Sdk/analyzers
            var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
            var sdk = Path.Combine(root, "sdk");
            if (!Directory.Exists(sdk)) return null;
            return Directory.GetDirectories(sdk)
                .Select(d => Path.Combine(d, "Sdks", "Microsoft.NET.Sdk", "analyzers"))
                .Where(d => File.Exists(Path.Combine(d, "Microsoft.CodeAnalysis.NetAnalyzers.dll")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
        }

        internal static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
        }
    }

    /// <summary>Loads analyzer assemblies from one folder; Roslyn itself comes from the default context (shared).</summary>
    internal sealed class AnalyzerLoadContext : AssemblyLoadContext
    {
        private readonly string _dir;

        public AnalyzerLoadContext(string dir) : base("analyzers:" + dir) => _dir = dir;

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name != null && name.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                && !name.Name.Contains("NetAnalyzers", StringComparison.Ordinal))
            {
                return null;
            }
            var path = Path.Combine(_dir, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    /// <summary>
    /// The analyzer driver's own cost: one code block action that does nothing (what any analyzer that looks
    /// at bodies pays before it does any work of its own).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class NoOpAnalyzer : DiagnosticAnalyzer
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

    internal enum NoOpKind
    {
        SyntaxTree,
        SemanticModel,
        SymbolMethod,
        SymbolMembers,
        SymbolStartEnd,
        CodeBlock,
        CodeBlockStart,
        OperationBlock,
        OperationBlockStart,
        Operation,
        SyntaxNode,
        CompilationStartEnd,
    }

    /// <summary>
    /// One registration kind that does nothing: what the analyzer driver costs an analyzer for choosing that
    /// kind (`--floors` measures them side by side). Each registers inside a compilation start action, as
    /// FdSafety's rules do.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class NoOpKindAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("NOOP0002", "never reported", "never reported", "Bench", DiagnosticSeverity.Warning, isEnabledByDefault: true);
        private readonly NoOpKind _kind;

        public NoOpKindAnalyzer(NoOpKind kind) => _kind = kind;

        public static string Label(NoOpKind kind) => kind switch
        {
            NoOpKind.SyntaxTree => "SyntaxTree",
            NoOpKind.SemanticModel => "SemanticModel",
            NoOpKind.SymbolMethod => "Symbol(Method)",
            NoOpKind.SymbolMembers => "Symbol(Meth,Fld,Prop)",
            NoOpKind.SymbolStartEnd => "SymbolStart(Type)",
            NoOpKind.CodeBlock => "CodeBlock",
            NoOpKind.CodeBlockStart => "CodeBlockStart",
            NoOpKind.OperationBlock => "OperationBlock",
            NoOpKind.OperationBlockStart => "OperationBlockStart",
            NoOpKind.Operation => "Operation(Invoc)",
            NoOpKind.SyntaxNode => "SyntaxNode(Invoc)",
            NoOpKind.CompilationStartEnd => "CompilationEnd",
            _ => kind.ToString(),
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            var kind = _kind;
            context.RegisterCompilationStartAction(start =>
            {
                switch (kind)
                {
                    case NoOpKind.SyntaxTree: start.RegisterSyntaxTreeAction(_ => { }); break;
                    case NoOpKind.SemanticModel: start.RegisterSemanticModelAction(_ => { }); break;
                    case NoOpKind.SymbolMethod: start.RegisterSymbolAction(_ => { }, SymbolKind.Method); break;
                    case NoOpKind.SymbolMembers: start.RegisterSymbolAction(_ => { }, SymbolKind.Method, SymbolKind.Field, SymbolKind.Property); break;
                    case NoOpKind.SymbolStartEnd: start.RegisterSymbolStartAction(s => s.RegisterSymbolEndAction(_ => { }), SymbolKind.NamedType); break;
                    case NoOpKind.CodeBlock: start.RegisterCodeBlockAction(_ => { }); break;
                    case NoOpKind.CodeBlockStart: start.RegisterCodeBlockStartAction<SyntaxKind>(s => s.RegisterCodeBlockEndAction(_ => { })); break;
                    case NoOpKind.OperationBlock: start.RegisterOperationBlockAction(_ => { }); break;
                    case NoOpKind.OperationBlockStart: start.RegisterOperationBlockStartAction(s => s.RegisterOperationBlockEndAction(_ => { })); break;
                    case NoOpKind.Operation: start.RegisterOperationAction(_ => { }, OperationKind.Invocation); break;
                    case NoOpKind.SyntaxNode: start.RegisterSyntaxNodeAction(_ => { }, SyntaxKind.InvocationExpression); break;
                    case NoOpKind.CompilationStartEnd: start.RegisterCompilationEndAction(_ => { }); break;
                }
            });
        }
    }

    internal sealed class Configuration
    {
        public Configuration(string label, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            Label = label;
            Analyzers = analyzers;
        }

        public string Label { get; }
        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        public CompilationWithAnalyzersOptions WithOptions() =>
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
    }

    internal sealed class Options
    {
        public List<string> Positional { get; } = new List<string>();
        public int Rounds { get; private set; } = 3;
        public bool RoundsGiven { get; private set; }
        public string? Before { get; private set; }
        public string? Dump { get; private set; }
        public string? Ca2000Dir { get; private set; }
        public bool NoCa2000 { get; private set; }
        public bool Floor { get; private set; }
        public bool Floors { get; private set; }
        public bool FloorsOnly { get; private set; }
        public int FloorCopies { get; private set; } = 1;
        public List<NoOpKind>? FloorKinds { get; private set; }
        public string? Error { get; private set; }

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string? Next() => i + 1 < args.Length ? args[++i] : null;
                switch (args[i])
                {
                    case "--rounds":
                        if (!int.TryParse(Next(), out var r) || r < 1) o.Error = "--rounds needs a positive number";
                        else { o.Rounds = r; o.RoundsGiven = true; }
                        break;
                    case "--before":
                        o.Before = Next();
                        if (o.Before == null || !File.Exists(o.Before)) o.Error = "--before needs an existing FdSafety.Analyzers.dll";
                        break;
                    case "--dump":
                        o.Dump = Next() ?? "";
                        break;
                    case "--ca2000-dir":
                        o.Ca2000Dir = Next();
                        break;
                    case "--no-warmup":
                        Program.WarmUp = false;
                        break;
                    case "--no-ca2000":
                        o.NoCa2000 = true;
                        break;
                    case "--floor":
                        o.Floor = true;
                        break;
                    case "--floors":
                        o.Floors = true;
                        break;
                    case "--floors-only":
                        o.Floors = o.FloorsOnly = true;
                        break;
                    case "--floor-copies":
                        if (!int.TryParse(Next(), out var copies) || copies < 1) o.Error = "--floor-copies needs a positive number";
                        else o.FloorCopies = copies;
                        break;
                    case "--floor-kinds":
                        o.FloorKinds = new List<NoOpKind>();
                        foreach (var name in (Next() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                        {
                            if (Enum.TryParse<NoOpKind>(name, ignoreCase: true, out var k)) o.FloorKinds.Add(k);
                            else o.Error = "--floor-kinds: unknown kind " + name + " (one of " + string.Join(", ", Enum.GetNames<NoOpKind>()) + ")";
                        }
                        break;
                    default:
                        if (args[i].StartsWith("--", StringComparison.Ordinal)) o.Error = "unknown option " + args[i];
                        else o.Positional.Add(args[i]);
                        break;
                }
            }
            return o;
        }
    }

    internal sealed class Corpus
    {
        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview);

        public static readonly CSharpCompilationOptions CompilationOptions =
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CA2000"] = ReportDiagnostic.Warn });

        private static ImmutableArray<MetadataReference>? _references;

        private Corpus(ImmutableArray<SyntaxTree> trees)
        {
            Trees = trees;
            Lines = trees.Sum(t => t.GetText().Lines.Count);
        }

        public ImmutableArray<SyntaxTree> Trees { get; }
        public int Lines { get; }
        public ImmutableArray<MetadataReference> References => _references ??= LoadReferences();

        public static Corpus? Load(string spec)
        {
            if (spec.StartsWith("synthetic:", StringComparison.Ordinal))
            {
                if (!int.TryParse(spec.Substring("synthetic:".Length), out var scale) || scale < 1)
                {
                    Console.Error.WriteLine("synthetic:N needs a positive scale");
                    return null;
                }
                return Synthetic(scale);
            }
            if (!Directory.Exists(spec))
            {
                Console.Error.WriteLine("no such folder: " + spec);
                return null;
            }
            var sep = Path.DirectorySeparatorChar;
            var files = Directory.GetFiles(spec, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(sep + "obj" + sep, StringComparison.Ordinal) && !f.Contains(sep + "bin" + sep, StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                Console.Error.WriteLine("no .cs files below " + spec);
                return null;
            }
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, path: Path.GetRelativePath(spec, f))).ToImmutableArray();
            return new Corpus(trees);
        }

        public static Corpus Synthetic(int scale) =>
            new Corpus(Enumerable.Range(0, 40 * scale)
                .Select(i => CSharpSyntaxTree.ParseText(CompileCost.Synthetic.File(i), ParseOptions, path: $"Synthetic{i}.cs"))
                .ToImmutableArray());

        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var builder = ImmutableArray.CreateBuilder<MetadataReference>();
            foreach (var dll in Directory.GetFiles(runtimeDir, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
            {
                try
                {
                    using var stream = File.OpenRead(dll);
                    using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                    if (!pe.HasMetadata) continue;
                }
                catch (Exception)
                {
                    continue;
                }
                builder.Add(MetadataReference.CreateFromFile(dll));
            }
            builder.Add(MetadataReference.CreateFromFile(typeof(Mono.Unix.Native.Syscall).Assembly.Location));
            builder.Add(MetadataReference.CreateFromFile(typeof(FdSafety.OwnedFd).Assembly.Location));
            return builder.ToImmutable();
        }
    }
}
