using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// Typestate dataflow of descriptors over one method body's <see cref="ControlFlowGraph"/>.
    /// A worklist runs the transfer functions to a fixed point; finally regions are applied to the
    /// state of each branch that leaves their try (so a return inside try sees its own finally);
    /// catch handlers start from the join of every state inside their try. A second pass replays
    /// each reachable block once with its fixed-point input and records events. Knows no rule ids.
    /// </summary>
    public sealed partial class FdFlowAnalysis
    {
        private readonly ControlFlowGraph _cfg;
        private readonly OwnershipTable _table;
        private readonly CancellationToken _cancellation;
        private readonly IMethodSymbol? _method;
        private readonly SyntaxNode _root;
        private readonly List<TrackedValue> _values = new List<TrackedValue>();
        private readonly Dictionary<IOperation, int[]> _ids = new Dictionary<IOperation, int[]>();
        private readonly Dictionary<(FdEventKind, int, Location), FdEvent> _events = new Dictionary<(FdEventKind, int, Location), FdEvent>();
        private readonly Dictionary<int, List<Location>> _leakExits = new Dictionary<int, List<Location>>();
        private readonly Dictionary<int, FdState> _parameterExit = new Dictionary<int, FdState>();
        /// <summary>Per out parameter: the states of the descriptors it hands out at the normal exits.</summary>
        private readonly Dictionary<int, FdState> _outExit = new Dictionary<int, FdState>();
        /// <summary>Per parameter: its states where the method returns the constant true, and false.</summary>
        private readonly Dictionary<int, FdState> _exitWhenTrue = new Dictionary<int, FdState>();
        private readonly Dictionary<int, FdState> _exitWhenFalse = new Dictionary<int, FdState>();
        /// <summary>int[] parameters (by ordinal) whose elements the method closes, and those it hands on.</summary>
        private readonly HashSet<int> _closedElements = new HashSet<int>();
        private readonly HashSet<int> _keptElements = new HashSet<int>();
        private readonly HashSet<ISymbol> _stores = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _descriptorParameters = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _descriptorArguments = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly List<int> _candidates = new List<int>();
        private readonly Dictionary<IOperation, ValueSet[]> _tuples = new Dictionary<IOperation, ValueSet[]>();
        private FdState _returned;
        private bool _returnsAcquired;
        private bool _returnsParameter;
        private bool _returnsRawDescriptor;
        /// <summary>Per raw ref parameter (by ordinal): whether it held only -1 (or its own failed value) at every normal exit so far.</summary>
        private readonly Dictionary<int, bool> _refReset = new Dictionary<int, bool>();
        private readonly HashSet<ISymbol> _returnedFields = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<(ISymbol Member, IParameterSymbol Parameter)> _parameterStores = new HashSet<(ISymbol, IParameterSymbol)>();
        private bool _reporting;
        private (int Ordinal, bool Value)? _assumed;
        private int _budget;
        private RegionRun? _run;
        private int[]? _blockEnds;
        private List<SyntaxNode>? _bareExits;

        private FdFlowAnalysis(ControlFlowGraph cfg, OwnershipTable table, IMethodSymbol? method, CancellationToken cancellation)
        {
            _cfg = cfg;
            _table = table;
            _method = method;
            _cancellation = cancellation;
            _root = cfg.OriginalOperation.Syntax;
            _budget = 20000 + 200 * cfg.Blocks.Length;
        }

        /// <summary>Analyzes one body. Never throws except for cancellation; an analysis that runs out of budget reports nothing.</summary>
        public static FlowResult Analyze(ControlFlowGraph cfg, OwnershipTable table, IMethodSymbol? method, CancellationToken cancellation) =>
            Analyze(cfg, table, method, assumed: null, cancellation);

        /// <param name="assumed">
        /// A bool parameter of <paramref name="method"/> taken to have a constant value (by ordinal), for the
        /// summary of calls that pass that constant: a test of the parameter takes only its branch.
        /// </param>
        public static FlowResult Analyze(ControlFlowGraph cfg, OwnershipTable table, IMethodSymbol? method, (int Ordinal, bool Value)? assumed, CancellationToken cancellation)
        {
            var analysis = new FdFlowAnalysis(cfg, table, method, cancellation) { _assumed = assumed };
            try
            {
                try
                {
                    return analysis.Run();
                }
                catch (BudgetExceededException) when (analysis._split)
                {
                    // Kept apart by correlated conditions, the paths outgrew the budget: once more with
                    // every block's states joined, as without correlation, rather than no result at all.
                    analysis = new FdFlowAnalysis(cfg, table, method, cancellation) { _assumed = assumed, _entries = 1 };
                    return analysis.Run();
                }
            }
            catch (BudgetExceededException)
            {
                return FlowResult.Empty;
            }
            catch (AnalysisLimitException)
            {
                return FlowResult.Empty;
            }
            catch (InsufficientExecutionStackException)
            {
                // Code nested deeper than the stack allows: unknown, never a crash of the host.
                return FlowResult.Empty;
            }
        }

        private sealed class BudgetExceededException : Exception
        {
        }

        /// <summary>A structural bound was hit (finally regions nested deeper than any real code): the result is unknown.</summary>
        private sealed class AnalysisLimitException : Exception
        {
        }

        private const int MaxFinallyDepth = 64;
        private int _finallyDepth;

        /// <summary>
        /// The states a block starts from are kept apart while they differ in their descriptors and in what is
        /// known of the program's variables (<see cref="KnownValues"/>), up to this many; past it they are
        /// joined into one for good.
        /// </summary>
        private const int MaxEntries = 4;

        /// <summary>The bound on entry states per block for this run (1 when correlation is off).</summary>
        private int _entries = MaxEntries;

        /// <summary>Some block was reached with states kept apart.</summary>
        private bool _split;

        /// <summary>One fixed-point computation over a range of blocks: the whole body, or one finally region.</summary>
        private sealed class RegionRun
        {
            /// <summary>Blocks whose entries were joined for good (made on the first such block: most runs have none).</summary>
            private HashSet<int>? _collapsed;

            private readonly FdFlowAnalysis _owner;

            public RegionRun(FdFlowAnalysis owner, int first, int last)
            {
                _owner = owner;
                First = first;
                Last = last;
            }

            public int First { get; }
            public int Last { get; }
            /// <summary>Per block: the states it starts from (one, unless conditions correlate).</summary>
            public Dictionary<int, List<FlowState>> In { get; } = new Dictionary<int, List<FlowState>>();
            public SortedSet<(int Ordinal, int Entry)> Work { get; } = new SortedSet<(int Ordinal, int Entry)>();
            public FlowState? End { get; set; }
            public bool Replaying { get; set; }

            public bool InScope(BasicBlock block) => block.Ordinal >= First && block.Ordinal <= Last;

            /// <param name="owned">The caller hands the state over and never touches it again: kept as it is, not copied.</param>
            public void Flow(BasicBlock destination, FlowState state, bool owned = false)
            {
                if (Replaying || !InScope(destination)) return;
                int ordinal = destination.Ordinal;
                if (!In.TryGetValue(ordinal, out var entries))
                {
                    In[ordinal] = new List<FlowState> { owned ? state : state.Clone() };
                    Work.Add((ordinal, 0));
                    return;
                }
                int target = _collapsed != null && _collapsed.Contains(ordinal) ? 0 : Match(entries, state);
                if (target < 0)
                {
                    if (entries.Count < _owner._entries)
                    {
                        _owner._split = true;
                        entries.Add(owned ? state : state.Clone());
                        Work.Add((ordinal, entries.Count - 1));
                        return;
                    }
                    // Too many distinct paths: one state from here on, knowing only what holds on all of them.
                    for (int i = 1; i < entries.Count; i++)
                    {
                        entries[0].JoinWith(entries[i]);
                        Work.Remove((ordinal, i));
                    }
                    entries.RemoveRange(1, entries.Count - 1);
                    (_collapsed ??= new HashSet<int>()).Add(ordinal);
                    Work.Add((ordinal, 0));
                    target = 0;
                }
                if (entries[target].JoinWith(state)) Work.Add((ordinal, target));
            }

            /// <summary>The entry a state joins: the one that knows the same of the program's variables.</summary>
            private static int Match(List<FlowState> entries, FlowState state)
            {
                for (int i = 0; i < entries.Count; i++)
                {
                    if (entries[i].Known.Equals(state.Known)) return i;
                }
                return -1;
            }

            public void Finish(FlowState state)
            {
                if (Replaying) return;
                if (End == null) End = state.Clone();
                else End.JoinWith(state);
            }
        }

        /// <summary>Events the replay of the current entry has recorded (null outside a block with several entries).</summary>
        private HashSet<(FdEventKind, int, Location)>? _touched;

        /// <summary>
        /// The second pass: each reachable block once from each state it starts from, in order. An event that
        /// some of a block's entries record and others do not holds on some paths only.
        /// </summary>
        private void Replay(RegionRun run)
        {
            run.Replaying = true;
            for (int ordinal = run.First; ordinal <= run.Last; ordinal++)
            {
                if (!run.In.TryGetValue(ordinal, out var entries)) continue;
                if (entries.Count == 1)
                {
                    ProcessBlock(_cfg.Blocks[ordinal], entries[0], run);
                    continue;
                }
                var outer = _touched;
                var counts = new Dictionary<(FdEventKind, int, Location), int>();
                foreach (var entry in entries)
                {
                    _touched = new HashSet<(FdEventKind, int, Location)>();
                    ProcessBlock(_cfg.Blocks[ordinal], entry, run);
                    foreach (var key in _touched)
                    {
                        counts.TryGetValue(key, out int n);
                        counts[key] = n + 1;
                    }
                }
                _touched = outer;
                foreach (var kv in counts)
                {
                    outer?.Add(kv.Key);
                    if (kv.Value < entries.Count && _events.TryGetValue(kv.Key, out var e) && e.OnEveryPath)
                    {
                        _events[kv.Key] = new FdEvent(e.Kind, e.Value, e.Location, e.Subject, false, e.Detail, e.Exits);
                    }
                }
            }
        }

        private FlowResult Run()
        {
            var initial = new FlowState();
            SeedParameters(initial);
            SeedFields(initial);
            var main = new RegionRun(this, 0, _cfg.Blocks.Length - 1);
            main.Flow(_cfg.Blocks[0], initial, owned: true);
            Drain(main);

            _reporting = true;
            Replay(main);

            foreach (var kv in _leakExits)
            {
                var value = _values[kv.Key];
                var exits = kv.Value.Distinct().OrderBy(l => l.SourceSpan.Start).ToImmutableArray();
                AddEvent(FdEventKind.Leak, value, value.Location, value.DisplayName, onEveryPath: false, detail: KeptInFieldDetail(kv.Key), exits);
            }

            foreach (var (member, parameter) in _parameterStores)
            {
                // A parameter stored in a field makes the field a descriptor only if the parameter is one.
                if (_descriptorParameters.Contains(parameter)) _stores.Add(member);
                // Stored into a member its type hands to descriptor calls: the parameter carries one too.
                else if (_table.Evidence.IsDescriptorMember(member)) _descriptorParameters.Add(parameter);
            }

            var result = new FlowResult(
                _events.Values.OrderBy(e => e.Location.SourceSpan.Start).ThenBy(e => e.Kind).ToImmutableArray(),
                _values.ToImmutableArray(),
                _parameterExit.ToImmutableDictionary(),
                _returned,
                _returnsAcquired,
                _returnsParameter,
                _returnsRawDescriptor,
                _stores.ToImmutableHashSet<ISymbol>(SymbolEqualityComparer.Default),
                _parameterStores.ToImmutableArray(),
                _descriptorParameters.ToImmutableHashSet<ISymbol>(SymbolEqualityComparer.Default),
                _descriptorArguments.ToImmutableHashSet<ISymbol>(SymbolEqualityComparer.Default),
                completed: true)
            {
                OutExitStates = _outExit.ToImmutableDictionary(),
                ExitWhenTrue = _exitWhenTrue.ToImmutableDictionary(),
                ExitWhenFalse = _exitWhenFalse.ToImmutableDictionary(),
                ClosedElements = _closedElements.Except(_keptElements).ToImmutableHashSet(),
            };
            result.FieldActions = FieldActions();
            result.FieldsMayChange = _fieldsMayChange;
            result.ResetRefs = _refReset.Where(kv => kv.Value).Select(kv => kv.Key).ToImmutableHashSet();
            result.ReturnedFields = _returnedFields.ToImmutableHashSet<ISymbol>(SymbolEqualityComparer.Default);
            result.FieldCloseSites = _fieldCloseSites.ToImmutableDictionary(SymbolEqualityComparer.Default);
            return result;
        }

        private void SeedParameters(FlowState state)
        {
            if (_method == null) return;
            foreach (var p in _method.Parameters)
            {
                if (p.RefKind == RefKind.Out) continue;
                bool owner = _table.IsOwnerType(p.Type);
                bool borrowedType = OwnershipTable.IsBorrowedType(p.Type);
                if (!owner && !borrowedType && !OwnershipTable.IsRawFdType(p.Type)) continue;
                bool borrowsAttribute = p.GetAttributes().Any(a => a.AttributeClass?.Name == "BorrowsFdAttribute");
                var location = p.Locations.FirstOrDefault() ?? Location.None;
                TrackedValue value;
                if (borrowedType || borrowsAttribute)
                {
                    value = NewValue(ValueKind.Borrowed, null, 0, p.Name, location);
                    value.NotOwnedReason = borrowedType ? "a BorrowedFd is lent, not owned" : "a [BorrowsFd] parameter is lent, not owned";
                    state[value.Id] = FdState.NotOwned;
                }
                else
                {
                    value = NewValue(ValueKind.Parameter, null, 0, p.Name, location);
                    state[value.Id] = FdState.Unknown;
                }
                value.Parameter = p;
                value.VariableName = p.Name;
                state.Set(Slot.Of(p), ValueSet.Of(value.Id));
            }
        }

        private TrackedValue NewValue(ValueKind kind, IOperation? origin, int element, string apiName, Location location)
        {
            var value = new TrackedValue(_values.Count, kind, origin, element, apiName, location);
            _values.Add(value);
            return value;
        }

        private void Drain(RegionRun run)
        {
            while (run.Work.Count > 0)
            {
                _cancellation.ThrowIfCancellationRequested();
                if (--_budget < 0) throw new BudgetExceededException();
                var (ordinal, entry) = run.Work.Min;
                run.Work.Remove((ordinal, entry));
                ProcessBlock(_cfg.Blocks[ordinal], run.In[ordinal][entry], run);
            }
        }

        private void ProcessBlock(BasicBlock block, FlowState input, RegionRun run)
        {
            if (block.Kind == BasicBlockKind.Exit) return;
            var outer = _run;
            var outerBlock = _currentBlock;
            _run = run;
            try
            {
                ProcessBlockCore(block, input, run);
            }
            finally
            {
                _run = outer;
                _currentBlock = outerBlock;
            }
        }

        private BasicBlock? _currentBlock;

        private bool InCatchHandler()
        {
            for (var region = _currentBlock?.EnclosingRegion; region != null; region = Outer(region))
            {
                if (region.Kind == ControlFlowRegionKind.Catch || region.Kind == ControlFlowRegionKind.FilterAndHandler) return true;
            }
            return false;
        }

        private void ProcessBlockCore(BasicBlock block, FlowState input, RegionRun run)
        {
            _currentBlock = block;
            var state = input.Clone();
            foreach (var operation in block.Operations)
            {
                _candidates.Clear();
                _tuples.Clear();
                Eval(operation, state, block);
                UpdateKnown(operation, state);
                CollectLost(state, operation);
                if (operation.Kind == OperationKind.YieldReturn && operation is IReturnOperation yielded)
                {
                    // The consumer may stop here: disposing the enumerator runs only the finally regions.
                    Escape(Eval(yielded.ReturnedValue, state.Clone(), block), state);
                    PropagateDisposal(block, state.Clone(), yielded.Syntax.GetLocation(), run);
                }
                var asserted = AfterAssertion(operation, state);
                if (asserted == null)
                {
                    // An assertion that cannot pass here: the path ends in its exception.
                    PropagateThrow(block, state, operation.Syntax.GetLocation(), run);
                    return;
                }
                state = asserted;
                switch (NeverReturns(operation))
                {
                    case PathEnd.Throws:
                        PropagateThrow(block, state, operation.Syntax.GetLocation(), run);
                        return;
                    case PathEnd.Terminates:
                        return;
                }
            }

            var fall = block.FallThroughSuccessor;
            var conditional = block.ConditionalSuccessor;
            if (conditional != null && block.BranchValue != null)
            {
                _candidates.Clear();
                _tuples.Clear();
                Eval(block.BranchValue, state, block);
                UpdateKnown(block.BranchValue, state);
                CollectLost(state, block.BranchValue);
                var (whenTrue, whenFalse) = Refine(block.BranchValue, state);
                Correlate(block.BranchValue, state, ref whenTrue, ref whenFalse);
                bool jumpWhenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                Follow(block, conditional, jumpWhenTrue ? whenTrue : whenFalse, run);
                Follow(block, fall, jumpWhenTrue ? whenFalse : whenTrue, run);
                return;
            }

            if (block.BranchValue != null)
            {
                _candidates.Clear();
                _tuples.Clear();
                var value = Eval(block.BranchValue, state, block);
                if (fall?.Semantics == ControlFlowBranchSemantics.Return)
                {
                    ReturnedConstant(block.BranchValue, state);
                    Returned(value, state);
                }
                CollectLost(state, block.BranchValue);
            }
            Follow(block, fall, state, run);
        }

        private enum PathEnd
        {
            Continues,
            /// <summary>A [DoesNotReturn] method: a throw helper.</summary>
            Throws,
            /// <summary>Environment.Exit / FailFast: the process ends, nothing leaks.</summary>
            Terminates,
        }

        /// <summary>A statement that is a call which never returns ends the path Roslyn's graph continues.</summary>
        private PathEnd NeverReturns(IOperation operation)
        {
            var op = operation is IExpressionStatementOperation statement ? statement.Operation : operation;
            while (op is IConversionOperation conversion) op = conversion.Operand;
            if (!(op is IInvocationOperation invocation)) return PathEnd.Continues;
            var method = invocation.TargetMethod;
            if (method.ContainingType?.Name == "Environment" && method.ContainingType.ContainingNamespace?.Name == "System"
                && (method.Name == "Exit" || method.Name == "FailFast"))
            {
                return PathEnd.Terminates;
            }
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "DoesNotReturnAttribute") return PathEnd.Throws;
            }
            // A helper whose every path throws (of this compilation, or well known) ends the path as a throw does.
            if (_table.Helpers.AlwaysThrows(method)) return PathEnd.Throws;
            return PathEnd.Continues;
        }

        private void Follow(BasicBlock from, ControlFlowBranch? branch, FlowState? state, RegionRun run)
        {
            if (branch == null || state == null) return;
            switch (branch.Semantics)
            {
                case ControlFlowBranchSemantics.Throw:
                    // The compiler's own throw (a switch expression no arm matched) is an implicit exception,
                    // like one a call may throw: it leaves the method only with fdsafety.exception_paths on.
                    PropagateThrow(from, state, ThrowLocation(from), run, from.BranchValue == null ? null : Unwrap(from.BranchValue).Type,
                        implicitThrow: from.BranchValue != null && Unwrap(from.BranchValue) is IObjectCreationOperation { IsImplicit: true });
                    return;
                case ControlFlowBranchSemantics.Rethrow:
                    PropagateThrow(from, state, ThrowLocation(from), run);
                    return;
                case ControlFlowBranchSemantics.StructuredExceptionHandling:
                    run.Finish(state);
                    return;
                case ControlFlowBranchSemantics.Error:
                case ControlFlowBranchSemantics.ProgramTermination:
                    return;
            }

            var current = state;
            foreach (var region in branch.FinallyRegions)
            {
                current = ApplyFinally(region, current);
                if (current == null) return;
            }

            var destination = branch.Destination;
            if (destination == null) return;
            if (destination.Kind == BasicBlockKind.Exit)
            {
                if (_reporting) AtExit(current, ExitLocation(from, branch), normal: true);
                return;
            }
            // A replay flows nothing on, nor does a run into a block outside its range: the scopes' end would be for nothing.
            if (run.Replaying || !run.InScope(destination)) return;
            // Every caller hands its state over (a copy of its own, or the end of a finally run), so it is not copied again.
            run.Flow(destination, LeaveScopes(from, destination, current), owned: true);
        }

        /// <summary>
        /// Locals and flow captures of the regions a branch leaves are dead: their slots go, and so do the
        /// values only they held, unless such a value may still be open (it is reported where the
        /// method exits). This keeps states to the live variables, which is what makes long methods cheap.
        /// </summary>
        private FlowState LeaveScopes(BasicBlock from, BasicBlock destination, FlowState state)
        {
            FlowState? result = null;
            for (var region = from.EnclosingRegion; region != null && !Contains(region, destination); region = Outer(region))
            {
                if (region.Locals.IsEmpty && region.CaptureIds.IsEmpty) continue;
                result ??= state.Clone();
                var dead = new List<int>();
                foreach (var local in region.Locals)
                {
                    Drop(result, Slot.Of(local), dead);
                    result.Known = result.Known.Forget(local);
                }
                foreach (var capture in region.CaptureIds) Drop(result, Slot.Of(capture), dead);
                foreach (var id in dead)
                {
                    if (!result.IsReferenced(id)) result.Forget(id);
                }
            }
            return result ?? state;
        }

        /// <summary>
        /// The region around <paramref name="region"/> within this graph. The graph of a lambda or local
        /// function hangs below the region of the enclosing body that holds it; an exception or a branch in
        /// the nested graph leaves through its own regions only, and ends at its root.
        /// </summary>
        private ControlFlowRegion? Outer(ControlFlowRegion region) =>
            region == _cfg.Root ? null : region.EnclosingRegion;

        private static bool Contains(ControlFlowRegion region, BasicBlock block) =>
            block.Ordinal >= region.FirstBlockOrdinal && block.Ordinal <= region.LastBlockOrdinal;

        private void Drop(FlowState state, Slot variable, List<int> dead)
        {
            foreach (var slot in state.SlotsOfVariable(variable))
            {
                var values = state.Get(slot);
                bool keep = false;
                foreach (var id in values.Tracked)
                {
                    var kind = _values[id].Kind;
                    if (kind == ValueKind.Parameter || kind == ValueKind.Status || (kind == ValueKind.Acquired || kind == ValueKind.Owner) && state[id].MayLeak())
                    {
                        keep = true;
                        break;
                    }
                }
                if (keep) continue;
                foreach (var id in values.Tracked) dead.Add(id);
                state.Set(slot, ValueSet.Empty);
            }
        }

        /// <summary>Runs a finally region on one incoming state and returns its state at the end (null if it never completes).</summary>
        private FlowState? ApplyFinally(ControlFlowRegion region, FlowState state)
        {
            // Each nested application runs a finally strictly outside the one that called it, so the depth
            // is bounded by the graph's region nesting; the guards make that true by construction, too.
            if (++_finallyDepth > MaxFinallyDepth) throw new AnalysisLimitException();
            try
            {
                return ApplyFinallyCore(region, state);
            }
            finally
            {
                _finallyDepth--;
            }
        }

        private FlowState? ApplyFinallyCore(ControlFlowRegion region, FlowState state)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            var run = new RegionRun(this, region.FirstBlockOrdinal, region.LastBlockOrdinal);
            run.Flow(_cfg.Blocks[region.FirstBlockOrdinal], state);
            Drain(run);
            if (_reporting) Replay(run);
            return run.End;
        }

        /// <summary>
        /// An exception leaves <paramref name="from"/>: through the finally regions it crosses, into the
        /// handlers of the enclosing catches that may catch it (by type; a <c>when</c> filter may be
        /// false), and out of the method (an exit) unless a handler surely catches it. An exception of
        /// unknown type (a rethrow, a throw helper, a call) may enter every handler; an implicit one (a
        /// call that may throw) leaves the method only with fdsafety.exception_paths on.
        /// </summary>
        private void PropagateThrow(BasicBlock from, FlowState state, Location location, RegionRun run, ITypeSymbol? exceptionType = null, bool implicitThrow = false)
        {
            FlowState? current = state;
            for (var region = from.EnclosingRegion; region != null; region = Outer(region))
            {
                var parent = Outer(region);
                if (region.Kind != ControlFlowRegionKind.Try || parent == null) continue;
                if (parent.Kind == ControlFlowRegionKind.TryAndCatch)
                {
                    if (EnterHandlers(parent, current, exceptionType, run)) return;
                }
                else if (parent.Kind == ControlFlowRegionKind.TryAndFinally)
                {
                    current = ApplyFinally(parent.NestedRegions[1], current);
                    if (current == null) return;
                }
            }
            if (implicitThrow && !_table.Options.ExceptionPaths) return;
            AtExit(current, location, normal: false);
        }

        /// <summary>Flows the state into each handler that may catch the exception; true if one surely catches it.</summary>
        private bool EnterHandlers(ControlFlowRegion tryAndCatch, FlowState state, ITypeSymbol? exceptionType, RegionRun run)
        {
            for (int i = 1; i < tryAndCatch.NestedRegions.Length; i++)
            {
                var handler = tryAndCatch.NestedRegions[i];
                var caught = handler.ExceptionType;
                bool catchesAll = caught == null || caught.SpecialType == SpecialType.System_Object
                    || caught.Name == "Exception" && caught.ContainingNamespace?.Name == "System" && caught.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true;
                bool surely = catchesAll || exceptionType != null && DerivesFrom(exceptionType, caught!);
                bool maybe = surely || exceptionType == null || exceptionType.TypeKind == TypeKind.Error || caught!.TypeKind == TypeKind.Error || DerivesFrom(caught!, exceptionType);
                if (!maybe) continue;
                run.Flow(_cfg.Blocks[handler.FirstBlockOrdinal], state);
                // A filter may be false: the exception then goes on to the next handler.
                if (surely && handler.Kind != ControlFlowRegionKind.FilterAndHandler) return true;
            }
            return false;
        }

        private static bool DerivesFrom(ITypeSymbol type, ITypeSymbol baseType)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
            }
            return false;
        }

        /// <summary>
        /// An iterator's consumer stops at a <c>yield return</c>: Dispose runs the finally regions around it
        /// (never a catch), then the iterator is gone; what is still open there leaks.
        /// </summary>
        private void PropagateDisposal(BasicBlock from, FlowState state, Location location, RegionRun run)
        {
            FlowState? current = state;
            for (var region = from.EnclosingRegion; region != null; region = Outer(region))
            {
                var parent = Outer(region);
                if (region.Kind != ControlFlowRegionKind.Try || parent == null || parent.Kind != ControlFlowRegionKind.TryAndFinally) continue;
                current = ApplyFinally(parent.NestedRegions[1], current);
                if (current == null) return;
            }
            AtExit(current, location, normal: false);
        }

        /// <summary>
        /// A <c>return true;</c> or <c>return false;</c>: what the method has done to each parameter by then,
        /// for callers that test the result (a helper that closes its argument only when it fails).
        /// </summary>
        private void ReturnedConstant(IOperation returned, FlowState state)
        {
            if (!(Unwrap(returned).ConstantValue is { HasValue: true, Value: bool constant })) return;
            var into = constant ? _exitWhenTrue : _exitWhenFalse;
            foreach (var kv in state.Values)
            {
                var value = _values[kv.Key];
                if (value.Kind != ValueKind.Parameter || value.Parameter == null) continue;
                into.TryGetValue(value.Parameter.Ordinal, out var s);
                into[value.Parameter.Ordinal] = s | kv.Value;
            }
        }

        /// <summary>Descriptors this method acquired and left in its own <c>out</c> parameters: the caller's.</summary>
        private HashSet<int>? HandedOut(FlowState state)
        {
            if (_method == null) return null;
            HashSet<int>? ids = null;
            foreach (var p in _method.Parameters)
            {
                if (p.RefKind != RefKind.Out || !OwnershipTable.IsRawFdType(p.Type)) continue;
                var held = state.Get(Slot.Of(p));
                foreach (var id in held.Tracked)
                {
                    if (_values[id].Kind != ValueKind.Acquired) continue;
                    (ids ??= new HashSet<int>()).Add(id);
                    _outExit.TryGetValue(p.Ordinal, out var s);
                    _outExit[p.Ordinal] = s | state[id];
                }
            }
            return ids;
        }

        private void AtExit(FlowState state, Location location, bool normal)
        {
            if (normal)
            {
                NoteFieldExit(state);
                NoteRefExit(state);
            }
            var handedOut = normal ? HandedOut(state) : null;
            foreach (var kv in state.Values)
            {
                var value = _values[kv.Key];
                if (handedOut != null && handedOut.Contains(kv.Key)) continue;
                if (normal && _heldForLife.Contains(kv.Key) || _heldAlways.Contains(kv.Key)) continue;
                if ((value.Kind == ValueKind.Acquired || value.Kind == ValueKind.Owner) && kv.Value.MayLeak())
                {
                    AddLeakExit(kv.Key, location);
                }
                else if (normal && value.Kind == ValueKind.Parameter && value.Parameter != null)
                {
                    _parameterExit.TryGetValue(value.Parameter.Ordinal, out var s);
                    _parameterExit[value.Parameter.Ordinal] = s | kv.Value;
                }
            }
        }

        /// <summary>Whether each raw ref parameter holds -1 here, or still its own value after that failed a check.</summary>
        private void NoteRefExit(FlowState state)
        {
            if (_method == null || !_reporting) return;
            foreach (var p in _method.Parameters)
            {
                if (p.RefKind != RefKind.Ref || !OwnershipTable.IsRawFdType(p.Type)) continue;
                bool reset = true;
                foreach (var id in state.Get(Slot.Of(p)).Items)
                {
                    if (id == ValueSet.FailureConstant) continue;
                    if (ValueSet.IsTracked(id) && _values[id].Kind == ValueKind.Parameter && SymbolEqualityComparer.Default.Equals(_values[id].Parameter, p) && state[id] == FdState.Invalid) continue;
                    reset = false;
                }
                if (state.Get(Slot.Of(p)).IsEmpty) reset = false;
                _refReset[p.Ordinal] = (!_refReset.TryGetValue(p.Ordinal, out var before) || before) && reset;
            }
        }

        private void AddLeakExit(int id, Location location)
        {
            if (!_reporting) return;
            if (!_leakExits.TryGetValue(id, out var list)) _leakExits[id] = list = new List<Location>();
            list.Add(location);
        }

        private void AddEvent(FdEventKind kind, TrackedValue? value, Location location, string subject, bool onEveryPath, string? detail, ImmutableArray<Location> exits = default)
        {
            if (!_reporting) return;
            var key = (kind, value?.Id ?? -1, location);
            _touched?.Add(key);
            if (_events.TryGetValue(key, out var existing))
            {
                // Seen again on another replay: it holds on every path only if it held on each.
                if (existing.OnEveryPath && !onEveryPath)
                {
                    _events[key] = new FdEvent(kind, value, location, subject, false, detail, existing.Exits);
                }
                return;
            }
            _events[key] = new FdEvent(kind, value, location, subject, onEveryPath, detail, exits.IsDefault ? ImmutableArray<Location>.Empty : exits);
        }

        /// <summary>
        /// Values made in this statement, or knocked out of a slot by it, that nothing refers to any more:
        /// one that may still be open is lost here (a leak); either way it is forgotten, so that a path
        /// where the variable moved on (<c>close(fd); fd = -1;</c>) does not blur the state of a path where
        /// it did not.
        /// </summary>
        private readonly List<int> _lost = new List<int>();
        private readonly HashSet<int> _lostSeen = new HashSet<int>();

        private void CollectLost(FlowState state, IOperation operation)
        {
            if (_candidates.Count == 0) return;
            // Each candidate once, in the order first seen.
            _lost.Clear();
            _lostSeen.Clear();
            foreach (var id in _candidates)
            {
                if (_lostSeen.Add(id)) _lost.Add(id);
            }
            foreach (var id in _lost)
            {
                var value = _values[id];
                if (value.Kind == ValueKind.Parameter || value.Kind == ValueKind.Status) continue;
                if (!state.IsKnown(id) || state.IsReferenced(id)) continue;
                if ((value.Kind == ValueKind.Acquired || value.Kind == ValueKind.Owner) && state[id].MayLeak())
                {
                    AddLeakExit(id, operation.Syntax.GetLocation());
                }
                state.Forget(id);
            }
            _candidates.Clear();
        }

        private Location ExitLocation(BasicBlock from, ControlFlowBranch branch)
        {
            if (branch.Semantics == ControlFlowBranchSemantics.Return && from.BranchValue != null)
            {
                var node = from.BranchValue.Syntax;
                var statement = node.FirstAncestorOrSelf<ReturnStatementSyntax>();
                if (statement != null && _root.Span.Contains(statement.Span)) return statement.GetLocation();
                return node.GetLocation();
            }
            Func<SyntaxNode, bool> isBareExit = n => n is ReturnStatementSyntax r && r.Expression == null
                || n is YieldStatementSyntax y && y.IsKind(SyntaxKind.YieldBreakStatement);
            int anchor = AnchorOf(from);
            if (branch == from.ConditionalSuccessor && from.FallThroughSuccessor?.Destination?.Kind == BasicBlockKind.Exit)
            {
                // `if (c) return;` as the last statement: the fall-through is the return, the conditional jump skips past it.
                var jump = FindAfter(anchor, isBareExit);
                if (jump != null) anchor = jump.Span.End;
            }
            var bare = FindAfter(anchor, isBareExit);
            if (bare != null) return bare.GetLocation();
            return _root.GetLastToken().GetLocation();
        }

        private Location ThrowLocation(BasicBlock from)
        {
            if (from.BranchValue != null)
            {
                var node = from.BranchValue.Syntax;
                var statement = (SyntaxNode?)node.FirstAncestorOrSelf<ThrowStatementSyntax>() ?? node.FirstAncestorOrSelf<ThrowExpressionSyntax>();
                return (statement ?? node).GetLocation();
            }
            var rethrow = FindAfter(AnchorOf(from), n => n is ThrowStatementSyntax t && t.Expression == null);
            return (rethrow ?? _root.GetLastToken().Parent ?? _root).GetLocation();
        }

        /// <summary>
        /// Roslyn's graph keeps no syntax for a bare `return;` or `throw;`: take the first such statement
        /// after the code of every block up to this one.
        /// </summary>
        private int AnchorOf(BasicBlock from)
        {
            if (_blockEnds == null)
            {
                _blockEnds = new int[_cfg.Blocks.Length];
                int end = _root.SpanStart;
                foreach (var block in _cfg.Blocks)
                {
                    foreach (var op in block.Operations)
                    {
                        if (!op.IsImplicit || op.Syntax.Span.Length < _root.Span.Length) end = Math.Max(end, op.Syntax.Span.End);
                    }
                    if (block.BranchValue != null) end = Math.Max(end, block.BranchValue.Syntax.Span.End);
                    _blockEnds[block.Ordinal] = end;
                }
            }
            if (_bareExits == null)
            {
                // Bare exits outside nested lambdas and local functions, in source order. A statement lies inside an
                // expression only in a lambda, so the walk need not go into expressions.
                _bareExits = _root.DescendantNodes(n => !(n is ExpressionSyntax) && !(n is LocalFunctionStatementSyntax) || n == _root)
                    .Where(n => n is ReturnStatementSyntax || n is ThrowStatementSyntax || n is YieldStatementSyntax)
                    .ToList();
            }
            return _blockEnds[from.Ordinal];
        }

        private SyntaxNode? FindAfter(int anchor, Func<SyntaxNode, bool> match)
        {
            foreach (var node in _bareExits!)
            {
                if (node.SpanStart >= anchor && match(node)) return node;
            }
            return null;
        }
    }
}
