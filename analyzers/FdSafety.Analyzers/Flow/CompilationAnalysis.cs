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
    /// options), the pre-pass that says which bodies can matter (<see cref="Flow.Relevance"/>), each
    /// body's flow result (computed once, whichever rule asks first) and the interprocedural summaries of
    /// the compilation's own methods.
    /// </summary>
    /// <remarks>
    /// Summaries are a function of the code alone, whatever ran first and on which thread. Before a body
    /// is analyzed, the summaries of the methods it calls are computed bottom-up over the call graph
    /// (Tarjan's strongly connected components, iteratively: no recursion, so no depth bound is needed).
    /// A method outside any cycle is analyzed once with its callees' final summaries. In a cycle, each
    /// member is first analyzed with the other members unknown; then each is analyzed again with the
    /// others' first-round summaries and itself unknown, and that second round is final. Summaries are
    /// computed under one lock per compilation, and an analysis only ever sees summaries of the calls it
    /// makes, so no result depends on what another thread cached.
    /// </remarks>
    public sealed partial class CompilationAnalysis
    {
        private static readonly ConditionalWeakTable<Compilation, CompilationAnalysis> Instances = new ConditionalWeakTable<Compilation, CompilationAnalysis>();

        /// <summary>What the analysis running on this thread may ask summaries of.</summary>
        [ThreadStatic]
        private static Scope? _scope;

        private readonly Compilation _compilation;
        private readonly AnalyzerConfigOptionsProvider _options;
        private readonly ConcurrentDictionary<FdOptions, OwnershipTable> _tables = new ConcurrentDictionary<FdOptions, OwnershipTable>();
        private readonly ConcurrentDictionary<SyntaxTree, OwnershipTable> _tablesByTree = new ConcurrentDictionary<SyntaxTree, OwnershipTable>();
        private readonly ConcurrentDictionary<SyntaxNode, Lazy<ImmutableArray<FlowResult>>> _results = new ConcurrentDictionary<SyntaxNode, Lazy<ImmutableArray<FlowResult>>>();
        private readonly Lazy<Relevance> _relevance;

        /// <summary>Final summaries (and the flow results they came from); written only under <see cref="_summaryLock"/>, one whole cycle at a time.</summary>
        private readonly ConcurrentDictionary<IMethodSymbol, Summarized> _summaries = new ConcurrentDictionary<IMethodSymbol, Summarized>(SymbolEqualityComparer.Default);
        private readonly object _summaryLock = new object();

        private CompilationAnalysis(Compilation compilation, AnalyzerConfigOptionsProvider options)
        {
            _compilation = compilation;
            _options = options;
            _relevance = new Lazy<Relevance>(() => new Relevance(_compilation, TableFor), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public static CompilationAnalysis For(Compilation compilation, AnalyzerOptions options) =>
            Instances.GetValue(compilation, c => new CompilationAnalysis(c, options.AnalyzerConfigOptionsProvider));

        public Compilation Compilation => _compilation;

        /// <summary>The pre-pass over the compilation's syntax (built on first use).</summary>
        internal Relevance Relevance => _relevance.Value;

        /// <summary>The ownership table for a tree's options; options are read once per tree, tables shared by equal options.</summary>
        public OwnershipTable TableFor(SyntaxTree tree) =>
            _tablesByTree.GetOrAdd(tree, t => _tables.GetOrAdd(FdOptions.Read(_options.GetOptions(t)), o => new OwnershipTable(_compilation, o, Summary)));

        /// <summary>
        /// The flow results of a code block: the body first, then each lambda and local function in it.
        /// Empty for a block the pre-pass rules out, before anything is bound.
        /// </summary>
        public ImmutableArray<FlowResult> Analyze(CodeBlockAnalysisContext context) =>
            Analyze(context.CodeBlock, context.OwningSymbol, context.SemanticModel, context.CancellationToken);

        /// <summary>
        /// The flow results of one declaration of a method of this compilation, the same (cached) ones its
        /// code block action gets: a rule that reports on a symbol asks for the bodies it needs.
        /// </summary>
        public ImmutableArray<FlowResult> Analyze(IMethodSymbol method, SyntaxReference declaration, CancellationToken cancellation)
        {
            var codeBlock = declaration.GetSyntax(cancellation);
            if (!_compilation.ContainsSyntaxTree(codeBlock.SyntaxTree)) return ImmutableArray<FlowResult>.Empty;
            if (_results.TryGetValue(codeBlock, out var known)) return ValueOf(codeBlock, known);
#pragma warning disable RS1030 // The compilation's shared semantic model: the one the code block actions get.
            var model = _compilation.GetSemanticModel(codeBlock.SyntaxTree);
#pragma warning restore RS1030
            return Analyze(codeBlock, method, model, cancellation);
        }

        private static readonly Lazy<ImmutableArray<FlowResult>> Nothing = new Lazy<ImmutableArray<FlowResult>>(() => ImmutableArray<FlowResult>.Empty);

        private ImmutableArray<FlowResult> Analyze(SyntaxNode codeBlock, ISymbol? owner, SemanticModel model, CancellationToken cancellation)
        {
            // Nine rules ask about every code block: the pre-pass decides once per block.
            if (_results.TryGetValue(codeBlock, out var known)) return ValueOf(codeBlock, known);
            if (!Relevance.MayReport(codeBlock, owner))
            {
                _results.TryAdd(codeBlock, Nothing);
                return ImmutableArray<FlowResult>.Empty;
            }
            var method = owner as IMethodSymbol;
            var lazy = _results.GetOrAdd(codeBlock, _ => new Lazy<ImmutableArray<FlowResult>>(
                () => WithMemberCloses(ComputeTopLevel(codeBlock, model, method, cancellation), method, cancellation),
                LazyThreadSafetyMode.ExecutionAndPublication));
            return ValueOf(codeBlock, lazy);
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

        private ImmutableArray<FlowResult> ComputeTopLevel(SyntaxNode codeBlock, SemanticModel model, IMethodSymbol? method, CancellationToken cancellation)
        {
            try
            {
                return ComputeTopLevelCore(codeBlock, model, method, cancellation);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                InternalError?.Invoke(e);
                return ImmutableArray<FlowResult>.Empty;
            }
        }

        private ImmutableArray<FlowResult> ComputeTopLevelCore(SyntaxNode codeBlock, SemanticModel model, IMethodSymbol? method, CancellationToken cancellation)
        {
            var root = model.GetOperation(codeBlock, cancellation);
            if (root == null || root.Parent != null || !(root is IMethodBodyOperation || root is IConstructorBodyOperation || root is IBlockOperation))
            {
                return ImmutableArray<FlowResult>.Empty;
            }
            if (method != null && IsSummarized(method.OriginalDefinition, out var declaration) && declaration == codeBlock)
            {
                // A method of the compilation: its analysis for findings is the one its summary comes from.
                var definition = method.OriginalDefinition;
                BindAhead(new[] { definition }, cancellation);
                lock (_summaryLock)
                {
                    Prepare(new[] { definition }, cancellation);
                }
                return _summaries.TryGetValue(definition, out var done) ? done.Results : ImmutableArray<FlowResult>.Empty;
            }
            // Overrides, virtual methods, accessors ...: their callees are summarized first.
            var body = new Body(root, TableFor(codeBlock.SyntaxTree), method, Callees(root));
            BindAhead(body.Callees, cancellation);
            lock (_summaryLock)
            {
                Prepare(body.Callees, cancellation);
            }
            return AnalyzeBody(body, phase: null, cancellation).Results;
        }

        /// <summary>
        /// Analyzes one body with the final summaries of its callees, or (in a cycle) with the given
        /// values for the cycle's members. Never throws except for cancellation.
        /// </summary>
        private (ImmutableArray<FlowResult> Results, bool Failed) AnalyzeBody(Body body, Dictionary<IMethodSymbol, FdEffect?>? phase, CancellationToken cancellation, bool resolveVirtual = false, bool nested = true)
        {
            var outer = _scope;
            _scope = new Scope(this, body.Callees, phase, resolveVirtual);
            try
            {
                FaultInjection?.Invoke(body.Root);
                if (!MentionsDescriptors(body.Root, body.Table)) return (ImmutableArray<FlowResult>.Empty, false);
                if (VerifyActing) CheckActing(body);
                var cfg = body.Root switch
                {
                    IMethodBodyOperation m => ControlFlowGraph.Create(m, cancellation),
                    IConstructorBodyOperation c => ControlFlowGraph.Create(c, cancellation),
                    IBlockOperation b => ControlFlowGraph.Create(b, cancellation),
                    _ => null,
                };
                if (cfg == null) return (ImmutableArray<FlowResult>.Empty, false);
                var results = ImmutableArray.CreateBuilder<FlowResult>();
                results.Add(FdFlowAnalysis.Analyze(cfg, body.Table, body.Method, cancellation));
                if (nested) AnalyzeNested(cfg, body.Table, results, cancellation, depth: 0);
                return (results.ToImmutable(), false);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                InternalError?.Invoke(e);
                return (ImmutableArray.Create(FlowResult.Failed(body.Root.Syntax, e)), true);
            }
            finally
            {
                _scope = outer;
            }
        }

        /// <summary>
        /// Verification of the pre-pass (tests, and CorpusScan's <c>--verify-prepass</c> over real code): every summary is computed
        /// from its body as if <see cref="Flow.Relevance"/> had not ruled any out as doing nothing, and a body it did rule out that
        /// turns out to do something is reported through <see cref="InternalError"/>. Findings are those of a normal run.
        /// </summary>
        internal static bool VerifyActing { get; set; }

        private void CheckActing(Body body)
        {
            var method = body.Method?.OriginalDefinition;
            if (method == null || !IsSummarized(method, out var declaration) || declaration == null || Relevance.MayActOn(declaration)) return;
            var where = declaration.GetLocation().GetLineSpan();
            InternalError?.Invoke(new InvalidOperationException(
                "the pre-pass ruled out " + method.ToDisplayString() + " (" + where.Path + ":" + (where.StartLinePosition.Line + 1) + ") as doing nothing with descriptors, but its body does"));
        }

        /// <summary>Tests only: makes the analysis of a body fail, to prove failures are reported, never lost.</summary>
        internal static Action<IOperation>? FaultInjection { get; set; }

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
        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            return operation;
        }

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
                        // A parameter kept in a field: the field may be a descriptor another method uses; an
                        // OwnedFd kept there takes the caller's ownership.
                        if ((assignment.Target is IFieldReferenceOperation || assignment.Target is IPropertyReferenceOperation)
                            && assignment.Value is IParameterReferenceOperation parameter && (OwnershipTable.IsRawFdType(parameter.Type) || table.IsOwnerType(parameter.Type)))
                        {
                            return true;
                        }
                        break;
                    case IReturnOperation { ReturnedValue: IOperation returned } when Unwrap(returned) is IFieldReferenceOperation field && OwnershipTable.IsRawFdType(field.Type):
                        // `int Handle => _fd;`: a descriptor field's number may leave its type.
                        return true;
                    case IAnonymousFunctionOperation _:
                    case ILocalFunctionOperation _:
                        break;
                }
            }
            return false;
        }


        /// <summary>
        /// What a method of this compilation does with descriptors, for the analysis running on this
        /// thread: the final summary of a method it calls (prepared before it started), the current
        /// round's value inside a cycle, "nothing" for a method the pre-pass rules out, and null
        /// (unknown) for anything else: not in source, virtual, or not a call this body makes.
        /// </summary>
        private FdEffect? Summary(IMethodSymbol method)
        {
            var scope = _scope;
            if (scope == null || !ReferenceEquals(scope.Owner, this)) return null;
            if (scope.ResolveVirtual && IsVirtualImplementation(method)) return VirtualEffect(method);
            if (!scope.Callees.Contains(method)) return null;
            if (scope.Phase != null && scope.Phase.TryGetValue(method, out var current)) return current;
            if (!IsSummarized(method, out _)) return CanSummarize(method) ? FdEffect.None : null;
            return _summaries.TryGetValue(method, out var done) ? done.Effect : null;
        }

        /// <summary>Methods whose calls can be summarized: one body in this compilation that no override can replace.</summary>
        private static bool CanSummarize(IMethodSymbol method) =>
            !method.IsAbstract && !method.IsExtern && method.DeclaringSyntaxReferences.Length == 1
            && !method.IsVirtual && !method.IsOverride && method.ContainingType?.TypeKind != TypeKind.Interface
            && method.MethodKind != MethodKind.LocalFunction && method.MethodKind != MethodKind.AnonymousFunction;

        /// <summary>A method whose summary comes from analyzing its body: summarizable, in this compilation, and not ruled out by the pre-pass.</summary>
        private bool IsSummarized(IMethodSymbol method, out SyntaxNode? declaration)
        {
            declaration = null;
            if (!CanSummarize(method)) return false;
            var reference = method.DeclaringSyntaxReferences[0];
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree)) return false;
            declaration = reference.GetSyntax();
            return Relevance.MaySummarize(declaration);
        }

        /// <summary>The methods of the compilation a body calls (invocations, constructor calls and initializers, in lambdas and local functions too).</summary>
        private static HashSet<IMethodSymbol> Callees(IOperation root)
        {
            var callees = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var op in root.DescendantsAndSelf())
            {
                IMethodSymbol? target = op switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    _ => null,
                };
                if (target == null || target.MethodKind == MethodKind.LocalFunction) continue;
                target = (target.ReducedFrom ?? target).OriginalDefinition;
                if (CanSummarize(target) && target.Locations.Any(l => l.IsInSource)) callees.Add(target);
            }
            return callees;
        }

        /// <summary>
        /// Binds, before the summary lock is taken, the bodies <see cref="Prepare"/> will visit for these methods: the ones
        /// without a final summary that it summarizes, and what they call. Binding is most of the work of a summary that
        /// turns out to be "nothing", and <see cref="Bind"/> keeps what it bound, so under the lock Prepare finds it
        /// bound: the threads bind side by side instead of waiting for one another. Nothing is published here; which
        /// summaries exist, and their values, are decided under the lock as before.
        /// </summary>
        private void BindAhead(IEnumerable<IMethodSymbol> roots, CancellationToken cancellation)
        {
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<IMethodSymbol>(roots);
            while (pending.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                var m = pending.Pop();
                if (!seen.Add(m) || _summaries.ContainsKey(m) || !IsSummarized(m, out _)) continue;
                var body = Bind(m, cancellation);
                if (body == null) continue;
                foreach (var callee in body.Callees) pending.Push(callee);
            }
        }

        /// <summary>
        /// Computes the final summaries of the given methods and of everything they call, bottom-up, one
        /// strongly connected component of the call graph at a time. Call under <see cref="_summaryLock"/>.
        /// </summary>
        private void Prepare(IEnumerable<IMethodSymbol> roots, CancellationToken cancellation)
        {
            var index = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
            var low = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
            var bodies = new Dictionary<IMethodSymbol, Body?>(SymbolEqualityComparer.Default);
            var stack = new List<IMethodSymbol>();
            var onStack = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var work = new Stack<(IMethodSymbol Method, List<IMethodSymbol> Callees, int Next)>();

            bool Needs(IMethodSymbol m) => !_summaries.ContainsKey(m) && IsSummarized(m, out _);

            void Visit(IMethodSymbol m)
            {
                cancellation.ThrowIfCancellationRequested();
                index[m] = low[m] = index.Count;
                stack.Add(m);
                onStack.Add(m);
                var body = Bind(m, cancellation);
                bodies[m] = body;
                work.Push((m, body == null ? new List<IMethodSymbol>() : body.Callees.ToList(), 0));
            }

            foreach (var root in roots)
            {
                if (index.ContainsKey(root) || !Needs(root)) continue;
                Visit(root);
                while (work.Count > 0)
                {
                    var (m, callees, next) = work.Pop();
                    if (next < callees.Count)
                    {
                        work.Push((m, callees, next + 1));
                        var w = callees[next];
                        if (!index.ContainsKey(w))
                        {
                            if (Needs(w)) Visit(w);
                        }
                        else if (onStack.Contains(w))
                        {
                            low[m] = Math.Min(low[m], index[w]);
                        }
                        continue;
                    }
                    if (work.Count > 0)
                    {
                        var parent = work.Peek().Method;
                        low[parent] = Math.Min(low[parent], low[m]);
                    }
                    if (low[m] != index[m]) continue;
                    int at = stack.Count - 1;
                    while (!SymbolEqualityComparer.Default.Equals(stack[at], m)) at--;
                    var component = stack.GetRange(at, stack.Count - at);
                    stack.RemoveRange(at, stack.Count - at);
                    foreach (var c in component) onStack.Remove(c);
                    Finish(component, bodies, cancellation);
                }
            }
        }

        /// <summary>Summarizes one strongly connected component whose callees outside it are all final; publishes it whole.</summary>
        private void Finish(List<IMethodSymbol> component, Dictionary<IMethodSymbol, Body?> bodies, CancellationToken cancellation)
        {
            var done = new Dictionary<IMethodSymbol, Summarized>(SymbolEqualityComparer.Default);
            bool cycle = component.Count > 1 || (bodies[component[0]]?.Callees.Contains(component[0]) ?? false);
            if (!cycle)
            {
                var m = component[0];
                done[m] = Summarize(m, bodies[m], phase: null, cancellation);
            }
            else if (component.Count == 1)
            {
                // Direct recursion: the recursive call is unknown.
                var m = component[0];
                done[m] = Summarize(m, bodies[m], new Dictionary<IMethodSymbol, FdEffect?>(SymbolEqualityComparer.Default) { [m] = null }, cancellation);
            }
            else
            {
                var unknown = component.ToDictionary(c => c, c => (FdEffect?)null, (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
                var first = component.ToDictionary(c => c, c => Summarize(c, bodies[c], unknown, cancellation).Effect, (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
                foreach (var m in component)
                {
                    var phase = component.ToDictionary(c => c, c => SymbolEqualityComparer.Default.Equals(c, m) ? null : first[c], (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
                    done[m] = Summarize(m, bodies[m], phase, cancellation);
                }
            }
            foreach (var kv in done) _summaries.TryAdd(kv.Key, kv.Value);
        }

        private Summarized Summarize(IMethodSymbol method, Body? body, Dictionary<IMethodSymbol, FdEffect?>? phase, CancellationToken cancellation)
        {
            if (body == null) return new Summarized(null, ImmutableArray<FlowResult>.Empty);
            var (results, failed) = AnalyzeBody(body, phase, cancellation);
            if (failed) return new Summarized(null, results);
            var effect = results.IsEmpty ? FdEffect.None : MethodSummary.ToEffect(method, results[0]);
            if (effect != null && !effect.IsNone && effect.Arguments.Values.Contains(ArgumentRole.Escape)) AddBoolVariants(method, body, phase, effect, cancellation);
            return new Summarized(effect, results);
        }

        /// <summary>
        /// A method that closes or hands on a descriptor on some paths only, and takes a bool parameter the
        /// paths may depend on (at most two such parameters): its summaries with that parameter true and
        /// false, for calls that pass a constant. Kept only where they differ from each other.
        /// </summary>
        private void AddBoolVariants(IMethodSymbol method, Body body, Dictionary<IMethodSymbol, FdEffect?>? phase, FdEffect effect, CancellationToken cancellation)
        {
            var flags = method.Parameters.Where(p => p.Type.SpecialType == SpecialType.System_Boolean && p.RefKind == RefKind.None).Take(2).ToList();
            if (flags.Count == 0) return;
            var outer = _scope;
            _scope = new Scope(this, body.Callees, phase);
            try
            {
                var cfg = body.Root switch
                {
                    IMethodBodyOperation m => ControlFlowGraph.Create(m, cancellation),
                    IBlockOperation b => ControlFlowGraph.Create(b, cancellation),
                    _ => null,
                };
                if (cfg == null) return;
                var variants = ImmutableArray.CreateBuilder<(int, FdEffect, FdEffect)>();
                foreach (var flag in flags)
                {
                    var whenTrue = MethodSummary.ToEffect(method, FdFlowAnalysis.Analyze(cfg, body.Table, method, (flag.Ordinal, true), cancellation));
                    var whenFalse = MethodSummary.ToEffect(method, FdFlowAnalysis.Analyze(cfg, body.Table, method, (flag.Ordinal, false), cancellation));
                    if (whenTrue == null || whenFalse == null || SameRoles(whenTrue, whenFalse)) continue;
                    variants.Add((flag.Ordinal, whenTrue, whenFalse));
                }
                effect.BoolVariants = variants.ToImmutable();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                InternalError?.Invoke(e);
            }
            finally
            {
                _scope = outer;
            }
        }

        private static bool SameRoles(FdEffect a, FdEffect b) =>
            a.Arguments.Count == b.Arguments.Count && a.Arguments.All(kv => b.Arguments.TryGetValue(kv.Key, out var r) && r == kv.Value);

        /// <summary>
        /// A method's body operation (from the compilation's shared semantic model) and its callees; null when it has no body.
        /// Kept per method: <see cref="BindAhead"/> and <see cref="Prepare"/> ask for the same bodies, and their callees are
        /// walked once.
        /// </summary>
        private Body? Bind(IMethodSymbol method, CancellationToken cancellation)
        {
            if (_bodies.TryGetValue(method, out var known)) return known;
            var body = BindCore(method, cancellation);
            return _bodies.GetOrAdd(method, body);
        }

        private readonly ConcurrentDictionary<IMethodSymbol, Body?> _bodies = new ConcurrentDictionary<IMethodSymbol, Body?>(SymbolEqualityComparer.Default);

        private Body? BindCore(IMethodSymbol method, CancellationToken cancellation)
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellation);
#pragma warning disable RS1030 // Summaries of called methods need their bodies; each is bound once, in the compilation's shared semantic model.
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            var root = model.GetOperation(syntax, cancellation);
            if (!(root is IMethodBodyOperation) && !(root is IConstructorBodyOperation)) return null;
            return new Body(root, TableFor(syntax.SyntaxTree), method, Callees(root));
        }

        private sealed class Body
        {
            public Body(IOperation root, OwnershipTable table, IMethodSymbol? method, HashSet<IMethodSymbol> callees)
            {
                Root = root;
                Table = table;
                Method = method;
                Callees = callees;
            }

            public IOperation Root { get; }
            public OwnershipTable Table { get; }
            public IMethodSymbol? Method { get; }
            public HashSet<IMethodSymbol> Callees { get; }
        }

        private sealed class Summarized
        {
            public Summarized(FdEffect? effect, ImmutableArray<FlowResult> results)
            {
                Effect = effect;
                Results = results;
            }

            public FdEffect? Effect { get; }
            public ImmutableArray<FlowResult> Results { get; }
        }

        private sealed class Scope
        {
            public Scope(CompilationAnalysis owner, HashSet<IMethodSymbol> callees, Dictionary<IMethodSymbol, FdEffect?>? phase, bool resolveVirtual = false)
            {
                ResolveVirtual = resolveVirtual;
                Owner = owner;
                Callees = callees;
                Phase = phase;
            }

            public CompilationAnalysis Owner { get; }
            public HashSet<IMethodSymbol> Callees { get; }
            public Dictionary<IMethodSymbol, FdEffect?>? Phase { get; }

            /// <summary>The analysis of a member for the fields its type's members close: a virtual member of the compilation called here acts by its own body.</summary>
            public bool ResolveVirtual { get; }
        }
    }
}
