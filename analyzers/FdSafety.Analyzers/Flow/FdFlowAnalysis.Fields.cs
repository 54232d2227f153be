using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// Descriptor fields inside one body: an integer field of this object (<c>_fd</c>, <c>this._fd</c>) or a
    /// static field of this type is a slot like a local. What it holds when the method starts is a value of
    /// its own (<see cref="ValueKind.Field"/>: the object's business, not this method's to leak, but it can
    /// be closed twice or used after a close here). A call of another member of this object acts on the
    /// fields by that member's summary ("closes field F", "uses field F", "changes field F"); a call whose
    /// effect on the fields is not known leaves in each field a new unknown value. At each normal exit the
    /// method's own effect on its fields is recorded for its callers.
    /// </summary>
    public sealed partial class FdFlowAnalysis
    {
        private readonly Dictionary<ISymbol, int> _fieldEntry = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        private readonly List<ISymbol> _fieldOrder = new List<ISymbol>();
        private readonly Dictionary<ISymbol, FdState> _fieldExit = new Dictionary<ISymbol, FdState>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _fieldReassigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _fieldUsed = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly Dictionary<(IOperation, ISymbol), int> _fieldRefresh = new Dictionary<(IOperation, ISymbol), int>();
        /// <summary>Values this body stored in a field no member of the type closes or hands on: the type keeps them open.</summary>
        private readonly Dictionary<int, IFieldSymbol> _keptInField = new Dictionary<int, IFieldSymbol>();
        /// <summary>Values a constructor stored in a field its type keeps for the object's lifetime (see KeptForItsLifetime): held at its normal exits.</summary>
        private readonly HashSet<int> _heldForLife = new HashSet<int>();
        /// <summary>Values a member other than a constructor stored in such a field: the object holds them after any exit.</summary>
        private readonly HashSet<int> _heldAlways = new HashSet<int>();
        private bool _fieldsMayChange;

        /// <summary>The slot of a field this analysis follows: an integer field of this object, or a static field named by its simple name.</summary>
        private static Slot? FieldSlot(IFieldReferenceOperation reference) =>
            IsFollowedField(reference) ? Slot.Of(reference.Field.OriginalDefinition) : null;

        /// <summary>Whether <see cref="FieldSlot"/> has a slot for the reference (asked without making one).</summary>
        private static bool IsFollowedField(IFieldReferenceOperation reference)
        {
            var field = reference.Field;
            if (field.IsConst || !OwnershipTable.IsRawFdType(field.Type) || field.ContainingType == null || field.ContainingType.IsTupleType) return false;
            if (field.IsStatic) return reference.Instance == null && reference.Syntax is IdentifierNameSyntax;
            return reference.Instance is IInstanceReferenceOperation self && self.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance;
        }

        /// <summary>
        /// Gives each field the body follows its value on entry: the fields it names, and those the summaries
        /// of the members it calls on this object act on.
        /// </summary>
        private void SeedFields(FlowState state)
        {
            if (_method == null) return;
            foreach (var block in _cfg.Blocks)
            {
                foreach (var root in block.Operations.Concat(block.BranchValue == null ? Enumerable.Empty<IOperation>() : new[] { block.BranchValue }))
                {
                    foreach (var op in root.DescendantsAndSelf())
                    {
                        if (op is IFieldReferenceOperation reference && IsFollowedField(reference))
                        {
                            SeedField(reference.Field.OriginalDefinition, state);
                        }
                        else if (op is IInvocationOperation call && CallReachesFields(call, out _, out _))
                        {
                            var summary = _table.SummaryOf(call.TargetMethod);
                            if (summary == null) continue;
                            foreach (var kv in summary.Fields.OrderBy(k => k.Key.Name, System.StringComparer.Ordinal))
                            {
                                if (kv.Key is IFieldSymbol f) SeedField(f, state);
                            }
                        }
                    }
                }
            }
        }

        private void SeedField(IFieldSymbol field, FlowState state)
        {
            if (_fieldEntry.ContainsKey(field)) return;
            var location = field.Locations.FirstOrDefault() ?? Location.None;
            var value = NewValue(ValueKind.Field, null, 0, field.Name, location);
            value.VariableName = field.Name;
            value.Field = field;
            state[value.Id] = FdState.Unknown;
            state.Set(Slot.Of(field), ValueSet.Of(value.Id));
            _fieldEntry[field] = value.Id;
            _fieldOrder.Add(field);
        }

        /// <summary>
        /// A type that has no release member at all (no Dispose, Close, DisposeAsync or finalizer, no
        /// IDisposable) holds what it keeps in a field for as long as the object lives: a dispatcher, a
        /// platform service, an input backend. Like a static field, that is by design, not a leak:
        /// <list type="bullet">
        /// <item>stored by a constructor: held at the constructor's normal exits (an exception leaves no
        /// object to hold it, so a throw after the store still leaks it);</item>
        /// <item>stored by another member (a two-phase <c>Initialize</c>), when the type's members also work
        /// with the field through descriptor calls: held at every exit, since the object outlives the
        /// member's exception.</item>
        /// </list>
        /// A field only ever written (the object does nothing with it), or one in a type that does release
        /// things but forgets this one, is reported.
        /// </summary>
        private (bool Held, bool AtEveryExit) KeptForItsLifetime(IFieldSymbol field)
        {
            var type = field.ContainingType;
            if (_method == null || !SymbolEqualityComparer.Default.Equals(_method.ContainingType?.OriginalDefinition, type)) return (false, false);
            bool constructor = _method.MethodKind == MethodKind.Constructor;
            if (!constructor && (_method.IsStatic || !_table.Fields.IsKeptAndUsed(field))) return (false, false);
            foreach (var i in type.AllInterfaces)
            {
                if ((i.Name == "IDisposable" || i.Name == "IAsyncDisposable") && i.ContainingNamespace?.ToDisplayString() == "System") return (false, false);
            }
            for (var t = type; t != null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    if (member is IMethodSymbol m && (m.MethodKind == MethodKind.Destructor || m.Name == "Dispose" || m.Name == "Close" || m.Name == "DisposeAsync")) return (false, false);
                }
            }
            return (true, !constructor);
        }

        /// <summary>An assignment to a followed field: the slot takes the value; a field the type never closes keeps it owned.</summary>
        private void AssignField(IFieldReferenceOperation target, Slot slot, ValueSet value, IOperation? source, FlowState state)
        {
            Overwrite(slot, value, state);
            var field = target.Field.OriginalDefinition;
            bool keptOnly = _table.Fields.IsKeptOnly(field);
            Store(field, value, state, escape: !keptOnly);
            if (keptOnly)
            {
                var (forLife, atEveryExit) = KeptForItsLifetime(field);
                foreach (var id in value.Tracked)
                {
                    var kind = _values[id].Kind;
                    if (kind != ValueKind.Acquired && kind != ValueKind.Owner) continue;
                    // Held for the object's life: no leak at the exits, but still checked for failure and use.
                    if (forLife) (atEveryExit ? _heldAlways : _heldForLife).Add(id);
                    else if (!_keptInField.ContainsKey(id)) _keptInField[id] = field;
                }
            }
            var sourceOp = source == null ? null : Unwrap(source);
            if (sourceOp != null)
            {
                var fact = TryGetPredicate(sourceOp, state);
                if (fact != null) state.SetFact(slot, fact);
            }
        }

        /// <summary>Whether a call may act on the followed fields: a member of this object, a static member of this type, a delegate or local function.</summary>
        private bool CallReachesFields(IInvocationOperation call, out bool instanceFields, out bool staticFields)
        {
            var method = call.TargetMethod;
            instanceFields = staticFields = false;
            if (method.MethodKind == MethodKind.DelegateInvoke || method.MethodKind == MethodKind.LocalFunction)
            {
                instanceFields = staticFields = true;
                return true;
            }
            if (PassesThis(call))
            {
                // This object handed to another method of the compilation: it may call back into its members.
                instanceFields = staticFields = true;
                return true;
            }
            if (!method.IsStatic)
            {
                if (call.Instance == null || !(Unwrap(call.Instance) is IInstanceReferenceOperation self) || self.ReferenceKind != InstanceReferenceKind.ContainingTypeInstance) return false;
                instanceFields = staticFields = true;
                return true;
            }
            var own = _method?.ContainingType;
            for (var t = own; t != null; t = t.ContainingType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, method.ContainingType?.OriginalDefinition))
                {
                    staticFields = true;
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// The call hands this object to a method of the compilation. Another assembly's method
        /// (<c>GC.SuppressFinalize(this)</c>, a logger) cannot reach the object's private fields.
        /// </summary>
        private static bool PassesThis(IInvocationOperation call) =>
            call.Arguments.Any(a => Unwrap(a.Value) is IInstanceReferenceOperation r && r.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance)
            && call.TargetMethod.Locations.Any(l => l.IsInSource);

        /// <summary>Acts on the followed fields as the called member does.</summary>
        private void CallOnFields(IInvocationOperation call, FlowState state)
        {
            // With no field followed here, only whether the call may change fields matters (for this body's summary).
            if (_fieldEntry.Count == 0 && _fieldsMayChange) return;
            foreach (var argument in call.Arguments)
            {
                // `Interlocked.Exchange(ref _fd, -1)`: the callee may write the field.
                if (argument.Parameter?.RefKind == RefKind.Ref && Unwrap(argument.Value) is IFieldReferenceOperation byRef && IsFollowedField(byRef))
                {
                    Refresh(argument, byRef.Field.OriginalDefinition, state);
                }
            }
            if (!CallReachesFields(call, out bool instanceFields, out bool staticFields)) return;
            var method = call.TargetMethod;
            bool local = method.MethodKind == MethodKind.DelegateInvoke || method.MethodKind == MethodKind.LocalFunction;
            var summary = local ? null : _table.SummaryOf(method);
            bool passesThis = PassesThis(call);
            if (summary == null || passesThis || summary.MayChangeAnyField) _fieldsMayChange = true;
            foreach (var field in _fieldOrder)
            {
                if (!(field.IsStatic ? staticFields : instanceFields)) continue;
                var slot = Slot.Of(field);
                if (summary == null || passesThis)
                {
                    Refresh(call, field, state);
                    continue;
                }
                if (summary.IsNone || !summary.Fields.TryGetValue(field, out var action))
                {
                    // A member whose summary says nothing of this field: it touches it only if its code names it or calls on.
                    if (summary.MayChangeAnyField || summary.IsNone && _table.Fields.MayTouch(method, field.Name)) Refresh(call, field, state);
                    continue;
                }
                var values = state.Get(slot);
                if ((action & FieldAction.Uses) != 0) Apply(ArgumentRole.Use, values, state, call, null, summary, evidence: false);
                if ((action & FieldAction.Closes) != 0) Apply(ArgumentRole.Close, values, state, call, null, summary, evidence: false);
                if ((action & (FieldAction.MayClose | FieldAction.Reassigns)) != 0 || summary.MayChangeAnyField) Refresh(call, field, state);
            }
        }

        /// <summary>After a call that may have changed it, the field holds an unknown value.</summary>
        private void Refresh(IOperation call, ISymbol field, FlowState state)
        {
            if (!_fieldRefresh.TryGetValue((call, field), out var id))
            {
                var value = NewValue(ValueKind.Field, null, 0, field.Name, field.Locations.FirstOrDefault() ?? Location.None);
                value.VariableName = field.Name;
                value.Field = field;
                _fieldRefresh[(call, field)] = id = value.Id;
            }
            state[id] = FdState.Unknown;
            Overwrite(Slot.Of(field), ValueSet.Of(id), state);
        }

        /// <summary>Refreshes every followed instance field: a property of this object was set, and its setter may change them.</summary>
        private void RefreshInstanceFields(IOperation operation, FlowState state)
        {
            foreach (var field in _fieldOrder)
            {
                if (!field.IsStatic) Refresh(operation, field, state);
            }
        }

        private readonly Dictionary<ISymbol, Location> _fieldCloseSites = new Dictionary<ISymbol, Location>(SymbolEqualityComparer.Default);

        /// <summary>The first place (in the replay, block by block) that closes the descriptor a field held on entry.</summary>
        private void NoteFieldClose(TrackedValue value, Location location)
        {
            if (!_reporting || value.Kind != ValueKind.Field || value.Field == null || !_fieldEntry.TryGetValue(value.Field, out var entry) || entry != value.Id) return;
            if (!_fieldCloseSites.TryGetValue(value.Field, out var known) || location.SourceSpan.Start < known.SourceSpan.Start) _fieldCloseSites[value.Field] = location;
        }

        /// <summary>A use of the descriptor a field held on entry.</summary>
        private void NoteFieldUse(TrackedValue value)
        {
            if (value.Kind == ValueKind.Field && value.Field != null && _fieldEntry.TryGetValue(value.Field, out var entry) && entry == value.Id) _fieldUsed.Add(value.Field);
        }

        /// <summary>At a normal exit: what became of each field's entry value, and whether the field still holds it.</summary>
        private void NoteFieldExit(FlowState state)
        {
            foreach (var field in _fieldOrder)
            {
                int entry = _fieldEntry[field];
                _fieldExit.TryGetValue(field, out var s);
                _fieldExit[field] = s | state[entry];
                var held = state.Get(Slot.Of(field));
                if (held.Count != 1 || held[0] != entry) _fieldReassigned.Add(field);
            }
        }

        /// <summary>The body's effect on its fields, for its summary.</summary>
        private ImmutableDictionary<ISymbol, FieldAction> FieldActions()
        {
            var actions = ImmutableDictionary<ISymbol, FieldAction>.Empty.WithComparers(SymbolEqualityComparer.Default);
            foreach (var field in _fieldOrder)
            {
                var action = FieldAction.None;
                if (_fieldUsed.Contains(field)) action |= FieldAction.Uses;
                if (_fieldExit.TryGetValue(field, out var exit))
                {
                    if (exit == FdState.Closed) action |= FieldAction.Closes;
                    else if (exit.Has(FdState.Closed | FdState.Escaped | FdState.Transferred)) action |= FieldAction.MayClose;
                }
                if (_fieldReassigned.Contains(field)) action |= FieldAction.Reassigns;
                if (action != FieldAction.None) actions = actions.Add(field, action);
            }
            return actions;
        }

        /// <summary>The field a leaked value was kept in, for the message.</summary>
        private string? KeptInFieldDetail(int id)
        {
            if (!_keptInField.TryGetValue(id, out var field)) return null;
            return "it is kept in the field '" + field.Name + "', which no member of '" + field.ContainingType.Name + "' closes or hands on";
        }
    }
}
