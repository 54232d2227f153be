using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// Everything the rules share within one compilation: the ownership tables (one per distinct set of
    /// options), each body's flow result (computed once, whichever rule asks first) and the
    /// interprocedural summaries of the compilation's own methods.
    /// </summary>
    public sealed class CompilationAnalysis
    {
        private const int MaxSummaryDepth = 6;

        private static readonly ConditionalWeakTable<Compilation, CompilationAnalysis> Instances = new ConditionalWeakTable<Compilation, CompilationAnalysis>();

        private const int MaxSummaryWork = 200;

        /// <summary>The methods being analyzed or summarized on this thread, innermost last.</summary>
        [ThreadStatic]
        private static HashSet<IMethodSymbol>? _inProgress;

        /// <summary>Set when a summary asked for on this thread had to be cut short (recursion, depth, work).</summary>
        [ThreadStatic]
        private static bool _cutShort;

        /// <summary>Summaries computed for the current top-level analysis on this thread.</summary>
        [ThreadStatic]
        private static int _summaryWork;

        private readonly Compilation _compilation;
        private readonly AnalyzerConfigOptionsProvider _options;
        private readonly ConcurrentDictionary<FdOptions, OwnershipTable> _tables = new ConcurrentDictionary<FdOptions, OwnershipTable>();
        private readonly ConcurrentDictionary<SyntaxTree, OwnershipTable> _tablesByTree = new ConcurrentDictionary<SyntaxTree, OwnershipTable>();
        private readonly ConcurrentDictionary<SyntaxNode, Lazy<ImmutableArray<FlowResult>>> _results = new ConcurrentDictionary<SyntaxNode, Lazy<ImmutableArray<FlowResult>>>();
        private readonly ConcurrentDictionary<IMethodSymbol, FdEffect?> _summaries = new ConcurrentDictionary<IMethodSymbol, FdEffect?>(SymbolEqualityComparer.Default);

        private CompilationAnalysis(Compilation compilation, AnalyzerConfigOptionsProvider options)
        {
            _compilation = compilation;
            _options = options;
        }

        public static CompilationAnalysis For(Compilation compilation, AnalyzerOptions options) =>
            Instances.GetValue(compilation, c => new CompilationAnalysis(c, options.AnalyzerConfigOptionsProvider));

        public Compilation Compilation => _compilation;

        /// <summary>The ownership table for a tree's options; options are read once per tree, tables shared by equal options.</summary>
        public OwnershipTable TableFor(SyntaxTree tree) =>
            _tablesByTree.GetOrAdd(tree, t => _tables.GetOrAdd(FdOptions.Read(_options.GetOptions(t)), o => new OwnershipTable(_compilation, o, Summary)));

        /// <summary>The flow results of an operation block: the body first, then each lambda and local function in it.</summary>
        public ImmutableArray<FlowResult> Analyze(OperationBlockAnalysisContext context)
        {
            foreach (var block in context.OperationBlocks)
            {
                // Methods come as the body block under an IMethodBodyOperation; accessors and lambdas-bodied members as a root block.
                var root = block;
                while (root.Parent != null) root = root.Parent;
                if (!(root is IMethodBodyOperation) && !(root is IConstructorBodyOperation) && !(root is IBlockOperation))
                {
                    continue;
                }
                var method = context.OwningSymbol as IMethodSymbol;
                var current = block;
                var lazy = _results.GetOrAdd(root.Syntax, _ => new Lazy<ImmutableArray<FlowResult>>(
                    () => Compute(root, method, () => context.GetControlFlowGraph(current), context.CancellationToken),
                    LazyThreadSafetyMode.ExecutionAndPublication));
                return ValueOf(root.Syntax, lazy);
            }
            return ImmutableArray<FlowResult>.Empty;
        }

        /// <summary>Reports an internal failure of the analysis (tests hook this to fail loudly; users get silence, not AD0001).</summary>
        internal static Action<Exception>? InternalError { get; set; }

        private ImmutableArray<FlowResult> ValueOf(SyntaxNode key, Lazy<ImmutableArray<FlowResult>> lazy)
        {
            try
            {
                return lazy.Value;
            }
            catch (OperationCanceledException)
            {
                // Lazy caches exceptions: a cancelled computation must not poison the next request.
                _results.TryRemove(key, out _);
                throw;
            }
        }

        private ImmutableArray<FlowResult> Compute(IOperation body, IMethodSymbol? method, Func<ControlFlowGraph> graph, CancellationToken cancellation)
        {
            // The body's own summary may be asked for while it is analyzed (recursion): mark it in progress.
            var inProgress = _inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (inProgress.Count == 0)
            {
                _summaryWork = 0;
                _cutShort = false;
            }
            bool topLevel = inProgress.Count == 0;
            bool added = method != null && inProgress.Add(method.OriginalDefinition);
            try
            {
                var results = ComputeCore(body, method, graph, cancellation);
                if (topLevel && !_cutShort && method != null && CanSummarize(method))
                {
                    // The body's own analysis is its summary too, unless a recursion was cut short on the way.
                    _summaries.TryAdd(method.OriginalDefinition, results.IsEmpty ? FdEffect.None : MethodSummary.ToEffect(method, results[0]));
                }
                return results;
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                InternalError?.Invoke(e);
                return ImmutableArray.Create(FlowResult.Failed(body.Syntax, e));
            }
            finally
            {
                if (added) inProgress.Remove(method!.OriginalDefinition);
            }
        }

        /// <summary>Tests only: makes the analysis of a body fail, to prove failures are reported, never lost.</summary>
        internal static Action<IOperation>? FaultInjection { get; set; }

        private ImmutableArray<FlowResult> ComputeCore(IOperation body, IMethodSymbol? method, Func<ControlFlowGraph> graph, CancellationToken cancellation)
        {
            FaultInjection?.Invoke(body);
            var table = TableFor(body.Syntax.SyntaxTree);
            if (!MentionsDescriptors(body, table)) return ImmutableArray<FlowResult>.Empty;
            var cfg = graph();
            var results = ImmutableArray.CreateBuilder<FlowResult>();
            results.Add(FdFlowAnalysis.Analyze(cfg, table, method, cancellation));
            AnalyzeNested(cfg, table, results, cancellation, depth: 0);
            return results.ToImmutable();
        }

        private static void AnalyzeNested(ControlFlowGraph cfg, OwnershipTable table, ImmutableArray<FlowResult>.Builder results, CancellationToken cancellation, int depth)
        {
            if (depth > 8) return;
            foreach (var local in cfg.LocalFunctions)
            {
                var nested = cfg.GetLocalFunctionControlFlowGraph(local, cancellation);
                results.Add(FdFlowAnalysis.Analyze(nested, table, local, cancellation));
                AnalyzeNested(nested, table, results, cancellation, depth + 1);
            }
            foreach (var block in cfg.Blocks)
            {
                foreach (var op in block.Operations.Concat(block.BranchValue == null ? Enumerable.Empty<IOperation>() : new[] { block.BranchValue }))
                {
                    foreach (var lambda in op.DescendantsAndSelf().OfType<IFlowAnonymousFunctionOperation>())
                    {
                        var nested = cfg.GetAnonymousFunctionControlFlowGraph(lambda, cancellation);
                        results.Add(FdFlowAnalysis.Analyze(nested, table, lambda.Symbol, cancellation));
                        AnalyzeNested(nested, table, results, cancellation, depth + 1);
                    }
                }
            }
        }

        /// <summary>Cheap pre-check: a body that calls no descriptor API and takes no descriptor has nothing to track.</summary>
        private static bool MentionsDescriptors(IOperation body, OwnershipTable table)
        {
            foreach (var op in body.DescendantsAndSelf())
            {
                switch (op)
                {
                    case IInvocationOperation invocation:
                        if (invocation.TargetMethod.MethodKind == MethodKind.LocalFunction) break;
                        if (table.Classify(invocation).HasDescriptorEffect) return true;
                        break;
                    case IObjectCreationOperation creation:
                        if (table.Classify(creation).HasDescriptorEffect) return true;
                        break;
                    case IPropertyReferenceOperation property:
                        if (table.Classify(property).HasDescriptorEffect) return true;
                        break;
                    case ISimpleAssignmentOperation assignment:
                        // A parameter kept in a field: the field may be a descriptor another method uses.
                        if ((assignment.Target is IFieldReferenceOperation || assignment.Target is IPropertyReferenceOperation)
                            && assignment.Value is IParameterReferenceOperation parameter && OwnershipTable.IsRawFdType(parameter.Type))
                        {
                            return true;
                        }
                        break;
                    case IAnonymousFunctionOperation _:
                    case ILocalFunctionOperation _:
                        break;
                }
            }
            return false;
        }

        /// <summary>
        /// What a method of this compilation does with descriptors, from its own flow analysis: returns
        /// one it acquired, closes or keeps or only uses a parameter. Null when unknown (not in source,
        /// virtual, in a cycle being summarized, too deep).
        /// Summaries never wait on another thread: each is computed on the asking thread (two threads may
        /// compute the same one; the results are equal). A summary that had to cut a recursion short is
        /// provisional: it serves the computation that asked for it and is not cached, so what a method's
        /// summary is never depends on which thread or caller got there first.
        /// </summary>
        private FdEffect? Summary(IMethodSymbol method)
        {
            if (_summaries.TryGetValue(method, out var known)) return known;
            var inProgress = _inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (inProgress.Contains(method) || inProgress.Count >= MaxSummaryDepth || _summaryWork >= MaxSummaryWork)
            {
                _cutShort = true;
                return null;
            }
            _summaryWork++;
            bool outerCut = _cutShort;
            _cutShort = false;
            inProgress.Add(method);
            FdEffect? summary;
            try
            {
                summary = ComputeSummary(method);
            }
            finally
            {
                inProgress.Remove(method);
            }
            bool provisional = _cutShort;
            _cutShort = outerCut || provisional;
            if (!provisional) _summaries.TryAdd(method, summary);
            return summary;
        }

        /// <summary>Methods whose calls can be summarized: one body in this compilation that no override can replace.</summary>
        private static bool CanSummarize(IMethodSymbol method) =>
            !method.IsAbstract && !method.IsExtern && method.DeclaringSyntaxReferences.Length == 1
            && !method.IsVirtual && !method.IsOverride && method.ContainingType?.TypeKind != TypeKind.Interface
            && method.MethodKind != MethodKind.LocalFunction && method.MethodKind != MethodKind.AnonymousFunction;

        private FdEffect? ComputeSummary(IMethodSymbol method)
        {
            if (!CanSummarize(method)) return null;
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree)) return null;
#pragma warning disable RS1030 // Summaries of other methods need their bodies; computed once per compilation and cached.
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            var body = model.GetOperation(syntax);
            ControlFlowGraph cfg;
            if (body is IMethodBodyOperation methodBody) cfg = ControlFlowGraph.Create(methodBody);
            else if (body is IConstructorBodyOperation constructorBody) cfg = ControlFlowGraph.Create(constructorBody);
            else return null;
            var table = TableFor(syntax.SyntaxTree);
            if (!MentionsDescriptors(body, table)) return FdEffect.None;
            return MethodSummary.ToEffect(method, FdFlowAnalysis.Analyze(cfg, table, method, CancellationToken.None));
        }
    }
}
