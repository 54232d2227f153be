using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>What the flow analysis of one method body found: events for the rules, facts for summaries.</summary>
    public sealed class FlowResult
    {
        public static readonly FlowResult Empty = new FlowResult(
            ImmutableArray<FdEvent>.Empty, ImmutableArray<TrackedValue>.Empty, ImmutableDictionary<int, FdState>.Empty,
            FdState.None, false, false, false, ImmutableHashSet<ISymbol>.Empty, ImmutableArray<(ISymbol, IParameterSymbol)>.Empty, ImmutableHashSet<ISymbol>.Empty, ImmutableHashSet<ISymbol>.Empty, completed: false);

        /// <summary>The analysis of a body failed with an internal error: no findings, and the failure for FDS9000.</summary>
        public static FlowResult Failed(SyntaxNode body, System.Exception error) =>
            new FlowResult(
                ImmutableArray<FdEvent>.Empty, ImmutableArray<TrackedValue>.Empty, ImmutableDictionary<int, FdState>.Empty,
                FdState.None, false, false, false, ImmutableHashSet<ISymbol>.Empty, ImmutableArray<(ISymbol, IParameterSymbol)>.Empty, ImmutableHashSet<ISymbol>.Empty, ImmutableHashSet<ISymbol>.Empty, completed: false)
            {
                FailedBody = body,
                Error = error,
            };

        public FlowResult(
            ImmutableArray<FdEvent> events,
            ImmutableArray<TrackedValue> values,
            ImmutableDictionary<int, FdState> parameterExitStates,
            FdState returnedState,
            bool returnsAcquired,
            bool returnsParameter,
            bool returnsRawDescriptor,
            ImmutableHashSet<ISymbol> descriptorStores,
            ImmutableArray<(ISymbol Member, IParameterSymbol Parameter)> parameterStores,
            ImmutableHashSet<ISymbol> descriptorParameters,
            ImmutableHashSet<ISymbol> descriptorArguments,
            bool completed)
        {
            Events = events;
            Values = values;
            ParameterExitStates = parameterExitStates;
            ReturnedState = returnedState;
            ReturnsAcquired = returnsAcquired;
            ReturnsParameter = returnsParameter;
            ReturnsRawDescriptor = returnsRawDescriptor;
            DescriptorStores = descriptorStores;
            ParameterStores = parameterStores;
            DescriptorParameters = descriptorParameters;
            DescriptorArguments = descriptorArguments;
            Completed = completed;
        }

        public ImmutableArray<FdEvent> Events { get; }

        /// <summary>What the body does to the descriptor fields of its object and the static fields of its type, for its summary.</summary>
        public ImmutableDictionary<ISymbol, Model.FieldAction> FieldActions { get; internal set; } =
            ImmutableDictionary<ISymbol, Model.FieldAction>.Empty.WithComparers(SymbolEqualityComparer.Default);

        /// <summary>Where the body closes what each field held on entry (the first such place in source).</summary>
        public ImmutableDictionary<ISymbol, Location> FieldCloseSites { get; internal set; } = ImmutableDictionary<ISymbol, Location>.Empty.WithComparers(SymbolEqualityComparer.Default);

        /// <summary>The body calls something that may change any field of its object.</summary>
        public bool FieldsMayChange { get; internal set; }

        public ImmutableArray<TrackedValue> Values { get; }

        /// <summary>Per parameter ordinal: the join of its value's states at every exit.</summary>
        public ImmutableDictionary<int, FdState> ParameterExitStates { get; }

        /// <summary>The join of the states of acquired values at the moment they are returned.</summary>
        public FdState ReturnedState { get; }

        /// <summary>The method returns a descriptor it acquired (directly or through a helper).</summary>
        public bool ReturnsAcquired { get; }

        /// <summary>The method returns a descriptor that came in as a parameter.</summary>
        public bool ReturnsParameter { get; }

        /// <summary>The method returns a raw descriptor number: one it acquired, or one it got from an owner (AsRawFd).</summary>
        public bool ReturnsRawDescriptor { get; }

        /// <summary>Fields and properties that this method stores a descriptor into or hands to a descriptor call.</summary>
        public ImmutableHashSet<ISymbol> DescriptorStores { get; }

        /// <summary>Fields and properties this method assigns a parameter to (a descriptor field makes the parameter one too).</summary>
        public ImmutableArray<(ISymbol Member, IParameterSymbol Parameter)> ParameterStores { get; }

        /// <summary>Parameters this method uses, closes or keeps as descriptors.</summary>
        public ImmutableHashSet<ISymbol> DescriptorParameters { get; }

        /// <summary>Raw parameters of the compilation's own methods that this method passes an acquired descriptor to.</summary>
        public ImmutableHashSet<ISymbol> DescriptorArguments { get; }

        /// <summary>False when the analysis gave up (budget, cancellation, unsupported code): no findings then.</summary>
        public bool Completed { get; }

        /// <summary>Per out parameter (by ordinal): the states at the normal exits of the descriptors the method acquired into it.</summary>
        public ImmutableDictionary<int, FdState> OutExitStates { get; internal set; } = ImmutableDictionary<int, FdState>.Empty;

        /// <summary>Per parameter (by ordinal): its states where the method returns the constant true.</summary>
        public ImmutableDictionary<int, FdState> ExitWhenTrue { get; internal set; } = ImmutableDictionary<int, FdState>.Empty;

        /// <summary>Per parameter (by ordinal): its states where the method returns the constant false.</summary>
        public ImmutableDictionary<int, FdState> ExitWhenFalse { get; internal set; } = ImmutableDictionary<int, FdState>.Empty;

        /// <summary>Integer fields of its own object or type whose value (as the method found it) the method returns.</summary>
        public ImmutableHashSet<ISymbol> ReturnedFields { get; internal set; } = ImmutableHashSet<ISymbol>.Empty;

        /// <summary>ref parameters (by ordinal) that hold -1 at every normal exit, unless they failed a check (see FdEffect.ResetsRef).</summary>
        public ImmutableHashSet<int> ResetRefs { get; internal set; } = ImmutableHashSet<int>.Empty;

        /// <summary>int[] parameters (by ordinal) whose elements the method closes and never hands on.</summary>
        public ImmutableHashSet<int> ClosedElements { get; internal set; } = ImmutableHashSet<int>.Empty;

        /// <summary>Set when the analysis failed with an internal error (never for budget or cancellation).</summary>
        public System.Exception? Error { get; private set; }

        /// <summary>The body whose analysis failed.</summary>
        public SyntaxNode? FailedBody { get; private set; }

        public IEnumerable<FdEvent> OfKind(FdEventKind kind)
        {
            foreach (var e in Events) if (e.Kind == kind) yield return e;
        }
    }
}
