using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// Descriptor fields across the members of a type: two members that callers can call one after the
    /// other (<c>Close()</c> and <c>Dispose()</c>, directly or through <c>Dispose(bool)</c>) and that each
    /// close what a field holds on every path, without resetting the field or checking it first, close
    /// it twice when both are called. Each member is judged by an analysis of its own body in which a
    /// virtual member of its type that it calls acts by that member's body (analyzed with its own virtual
    /// calls unknown, so the facts are computed bottom-up once, never in a cycle). Facts are computed once
    /// per member under the summary lock and do not depend on which member is reported first.
    /// </summary>
    public sealed partial class CompilationAnalysis
    {
        private readonly Dictionary<IMethodSymbol, FdEffect?> _virtualEffects = new Dictionary<IMethodSymbol, FdEffect?>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, FlowResult?> _memberFieldResults = new Dictionary<IMethodSymbol, FlowResult?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<IMethodSymbol>> _closingCandidates = new ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<IMethodSymbol>>(SymbolEqualityComparer.Default);

        private static bool IsVirtualImplementation(IMethodSymbol method) =>
            (method.IsVirtual || method.IsOverride) && !method.IsAbstract && !method.IsExtern && method.MethodKind == MethodKind.Ordinary
            && method.DeclaringSyntaxReferences.Length == 1 && method.ContainingType?.TypeKind == TypeKind.Class;

        /// <summary>A virtual member's effect by its own body, its virtual calls unknown. Null when it cannot be analyzed.</summary>
        private FdEffect? VirtualEffect(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            lock (_summaryLock)
            {
                if (_virtualEffects.TryGetValue(method, out var known)) return known;
                FdEffect? effect = null;
                if (_compilation.ContainsSyntaxTree(method.DeclaringSyntaxReferences[0].SyntaxTree))
                {
                    var body = Bind(method, CancellationToken.None);
                    if (body != null)
                    {
                        Prepare(body.Callees, CancellationToken.None);
                        var (results, failed) = AnalyzeBody(body, phase: null, CancellationToken.None, nested: false);
                        if (!failed) effect = results.IsEmpty ? FdEffect.None : MethodSummary.ToEffect(method, results[0]);
                    }
                }
                _virtualEffects[method] = effect;
                return effect;
            }
        }

        /// <summary>The members of a type that its users may call one after another: public or internal instance methods with a body here.</summary>
        private ImmutableArray<IMethodSymbol> ClosingCandidates(INamedTypeSymbol type) =>
            _closingCandidates.GetOrAdd(type.OriginalDefinition, t => t.GetMembers().OfType<IMethodSymbol>()
                .Where(IsClosingCandidate)
                .OrderBy(m => m.DeclaringSyntaxReferences[0].SyntaxTree.FilePath, System.StringComparer.Ordinal)
                .ThenBy(m => m.DeclaringSyntaxReferences[0].Span.Start)
                .ToImmutableArray());

        private bool IsClosingCandidate(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Ordinary && !method.IsStatic && !method.IsAbstract && !method.IsExtern
            && (method.DeclaredAccessibility == Accessibility.Public || method.DeclaredAccessibility == Accessibility.Internal || method.DeclaredAccessibility == Accessibility.ProtectedOrInternal)
            && method.DeclaringSyntaxReferences.Length == 1
            && _compilation.ContainsSyntaxTree(method.DeclaringSyntaxReferences[0].SyntaxTree);

        /// <summary>A member's body analyzed with the virtual members it calls on its object acting by their bodies.</summary>
        private FlowResult? MemberFieldResult(IMethodSymbol member, CancellationToken cancellation)
        {
            member = member.OriginalDefinition;
            BindAhead(new[] { member }, cancellation);
            lock (_summaryLock)
            {
                if (_memberFieldResults.TryGetValue(member, out var known)) return known;
                FlowResult? result = null;
                var body = Bind(member, cancellation);
                if (body != null)
                {
                    Prepare(body.Callees, cancellation);
                    var (results, failed) = AnalyzeBody(body, phase: null, cancellation, resolveVirtual: true, nested: false);
                    if (!failed && !results.IsEmpty && results[0].Completed) result = results[0];
                }
                _memberFieldResults[member] = result;
                return result;
            }
        }

        /// <summary>Whether the member closes what the field holds on every path and leaves it there unchecked.</summary>
        private static bool ClosesAndKeeps(FlowResult? result, ISymbol field) =>
            result != null && result.FieldActions.TryGetValue(field, out var action)
            && (action & FieldAction.Closes) != 0 && (action & FieldAction.Reassigns) == 0;

        /// <summary>The results of a code block, with a double close for each field it closes that an earlier member of its type also closes and keeps.</summary>
        private ImmutableArray<FlowResult> WithMemberCloses(ImmutableArray<FlowResult> results, IMethodSymbol? method, CancellationToken cancellation)
        {
            if (method == null || results.IsDefault || !IsClosingCandidate(method.OriginalDefinition) || method.ContainingType == null || !HasDescriptorFields(method.ContainingType)) return results;
            try
            {
                return WithMemberClosesCore(results, method, cancellation);
            }
            catch (System.OperationCanceledException)
            {
                throw;
            }
            catch (System.Exception e)
            {
                InternalError?.Invoke(e);
                return results;
            }
        }

        /// <summary>The type declares an instance field of an integer type (cheap, from symbols only).</summary>
        internal static bool HasDescriptorFields(INamedTypeSymbol type)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol field && !field.IsStatic && !field.IsConst && OwnershipTable.IsRawFdType(field.Type)) return true;
            }
            return false;
        }

        private ImmutableArray<FlowResult> WithMemberClosesCore(ImmutableArray<FlowResult> results, IMethodSymbol method, CancellationToken cancellation)
        {
            var candidates = ClosingCandidates(method.ContainingType);
            if (candidates.Length < 2) return results;
            var definition = method.OriginalDefinition;
            var mine = MemberFieldResult(definition, cancellation);
            if (mine == null || mine.FieldActions.IsEmpty) return results;
            var events = ImmutableArray.CreateBuilder<FdEvent>();
            foreach (var kv in mine.FieldActions.OrderBy(k => k.Key.Name, System.StringComparer.Ordinal))
            {
                if (!(kv.Key is IFieldSymbol field) || field.IsStatic || !ClosesAndKeeps(mine, field) || !mine.FieldCloseSites.TryGetValue(field, out var site)) continue;
                if (!SymbolEqualityComparer.Default.Equals(field.ContainingType?.OriginalDefinition, definition.ContainingType?.OriginalDefinition)) continue;
                IMethodSymbol? earlier = null;
                foreach (var other in candidates)
                {
                    if (SymbolEqualityComparer.Default.Equals(other, definition)) break;
                    if (ClosesAndKeeps(MemberFieldResult(other, cancellation), field))
                    {
                        earlier = other;
                        break;
                    }
                }
                if (earlier == null) continue;
                var value = mine.Values.FirstOrDefault(v => v.Kind == ValueKind.Field && SymbolEqualityComparer.Default.Equals(v.Field, field));
                if (value == null) continue;
                events.Add(new FdEvent(FdEventKind.DoubleClose, value, site, field.Name, onEveryPath: false,
                    "when " + earlier.Name + "() was called before: both close the field and neither resets nor checks it", ImmutableArray<Location>.Empty));
            }
            if (events.Count == 0) return results;
            var extra = new FlowResult(events.ToImmutable(), ImmutableArray<TrackedValue>.Empty, ImmutableDictionary<int, FdState>.Empty, FdState.None,
                false, false, false, ImmutableHashSet<ISymbol>.Empty, ImmutableArray<(ISymbol, IParameterSymbol)>.Empty, ImmutableHashSet<ISymbol>.Empty,
                ImmutableHashSet<ISymbol>.Empty, completed: true);
            return results.Add(extra);
        }
    }
}
