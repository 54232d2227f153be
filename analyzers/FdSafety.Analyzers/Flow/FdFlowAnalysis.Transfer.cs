using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>Transfer functions: what each operation does to slots and descriptor states.</summary>
    public sealed partial class FdFlowAnalysis
    {
        /// <summary>Evaluates an operation for its effects and returns the values it may produce.</summary>
        private ValueSet Eval(IOperation? operation, FlowState state, BasicBlock block)
        {
            if (operation == null) return ValueSet.Empty;
            RuntimeHelpers.EnsureSufficientExecutionStack();

            if (operation.ConstantValue.HasValue && !(operation is IInvocationOperation))
            {
                return ConstantValue(operation.ConstantValue.Value);
            }

            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return ReadVariable(Slot.Of(local.Local), local.Local is ILocalSymbol l ? l.Type : null, state);
                case IParameterReferenceOperation parameter:
                    return ReadVariable(Slot.Of(parameter.Parameter), parameter.Parameter.Type, state);
                case IFlowCaptureReferenceOperation captureReference:
                    return state.Get(Slot.Of(captureReference.Id));
                case IFlowCaptureOperation capture:
                {
                    var value = Eval(capture.Value, state, block);
                    var slot = Slot.Of(capture.Id);
                    Overwrite(slot, value, state);
                    var fact = TryGetPredicate(capture.Value, state);
                    if (fact != null) state.SetFact(slot, fact);
                    if (_tuples.TryGetValue(Unwrap(capture.Value), out var parts)) _tuples[capture] = parts;
                    return ValueSet.Empty;
                }
                case IConversionOperation conversion:
                {
                    var value = Eval(conversion.Operand, state, block);
                    if (_tuples.TryGetValue(Unwrap(conversion.Operand), out var parts)) _tuples[conversion] = parts;
                    return value;
                }
                case IParenthesizedOperation parenthesized:
                    return Eval(parenthesized.Operand, state, block);
                case ISimpleAssignmentOperation assignment:
                {
                    var value = Eval(assignment.Value, state, block);
                    Assign(assignment.Target, value, assignment.Value, state, block);
                    return value;
                }
                case IDeconstructionAssignmentOperation deconstruction:
                {
                    var value = Eval(deconstruction.Value, state, block);
                    AssignDeconstruction(deconstruction.Target, value, deconstruction.Value, state, block);
                    return value;
                }
                case ICompoundAssignmentOperation compound:
                    Eval(compound.Value, state, block);
                    Assign(compound.Target, ValueSet.Empty, null, state, block);
                    return ValueSet.Empty;
                case IIncrementOrDecrementOperation increment:
                    Assign(increment.Target, ValueSet.Empty, null, state, block);
                    return ValueSet.Empty;
                case IInvocationOperation { TargetMethod: { Name: "GetEnumerator", Parameters: { Length: 0 } } } getEnumerator
                    when getEnumerator.Instance != null && ArrayParameter(getEnumerator.Instance) is IParameterSymbol enumerated:
                    // `foreach (var fd in fds)` over this method's own int[] parameter.
                    return ElementValue(enumerated, enumerator: true, state);
                case IInvocationOperation invocation:
                    return VisitInvocation(invocation, state, block);
                case IObjectCreationOperation creation:
                    return VisitCreation(creation, state, block);
                case IPropertyReferenceOperation { Property: { Name: "Current" } } current when current.Instance != null:
                {
                    var enumerator = Eval(current.Instance, state, block);
                    foreach (var id in enumerator.Tracked)
                    {
                        if (_values[id].IsElementEnumerator) return ElementValue(_values[id].ElementOf!, enumerator: false, state);
                    }
                    return ValueSet.Empty;
                }
                case IPropertyReferenceOperation { Property: { Name: "Value" } } nullableValue when nullableValue.Instance != null
                    && nullableValue.Property.ContainingType?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                    // `int? fd = opened; close(fd.Value)`: the same number.
                    return Eval(nullableValue.Instance, state, block);
                case IPropertyReferenceOperation property:
                {
                    var effect = _table.Classify(property);
                    if (property.Instance != null) Eval(property.Instance, state, block);
                    foreach (var argument in property.Arguments) Eval(argument.Value, state, block);
                    if (effect.ReturnsBorrowed != null) return Borrowed(property, effect, state);
                    return ValueSet.Empty;
                }
                case IFieldReferenceOperation field:
                {
                    var followed = FieldSlot(field);
                    if (followed != null) return state.Get(followed);
                    var element = ElementSlot(field);
                    if (element != null) return state.Get(element);
                    if (field.Instance != null) Eval(field.Instance, state, block);
                    return ValueSet.Empty;
                }
                case IArrayElementReferenceOperation arrayElement:
                {
                    var element = ElementSlot(arrayElement);
                    if (element != null && !(state.Get(element).IsEmpty && ArrayParameter(arrayElement.ArrayReference) != null)) return state.Get(element);
                    if (ArrayParameter(arrayElement.ArrayReference) is IParameterSymbol elementsOf)
                    {
                        foreach (var index in arrayElement.Indices) Eval(index, state, block);
                        return ElementValue(elementsOf, enumerator: false, state);
                    }
                    Eval(arrayElement.ArrayReference, state, block);
                    foreach (var index in arrayElement.Indices) Eval(index, state, block);
                    return ValueSet.Empty;
                }
                case ITupleOperation tuple:
                {
                    var parts = new ValueSet[tuple.Elements.Length];
                    var all = ValueSet.Empty;
                    for (int i = 0; i < parts.Length; i++)
                    {
                        parts[i] = Eval(tuple.Elements[i], state, block);
                        all = all.Union(parts[i]);
                    }
                    _tuples[tuple] = parts;
                    return all;
                }
                case IFlowAnonymousFunctionOperation lambda:
                    CaptureAtCreation(lambda.Syntax, state);
                    return ValueSet.Empty;
                case IAnonymousFunctionOperation lambda2:
                    CaptureAtCreation(lambda2.Syntax, state);
                    return ValueSet.Empty;
                case IDeclarationExpressionOperation declaration:
                    return Eval(declaration.Expression, state, block);
                case IIsPatternOperation isPattern:
                {
                    // `x is var v`, a switch arm `var v => v`: the pattern's variable holds the tested value.
                    var tested = Eval(isPattern.Value, state, block);
                    BindPattern(isPattern.Pattern, tested, state);
                    return ValueSet.Empty;
                }
                case IArgumentOperation argument:
                    return Eval(argument.Value, state, block);
            }

            foreach (var child in operation.ChildOperations)
            {
                Eval(child, state, block);
            }
            return ValueSet.Empty;
        }

        private void BindPattern(IPatternOperation pattern, ValueSet value, FlowState state)
        {
            switch (pattern)
            {
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local }:
                    Overwrite(Slot.Of(local), value, state);
                    Name(value, local.Name);
                    return;
                case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both:
                    BindPattern(both.LeftPattern, value, state);
                    BindPattern(both.RightPattern, value, state);
                    return;
                case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol whole }:
                    Overwrite(Slot.Of(whole), value, state);
                    Name(value, whole.Name);
                    return;
            }
        }

        /// <summary>This method's own parameter an array expression names, if it is an array of raw descriptor numbers.</summary>
        private IParameterSymbol? ArrayParameter(IOperation array)
        {
            if (!(Unwrap(array) is IParameterReferenceOperation reference)) return null;
            var p = reference.Parameter;
            if (p.RefKind != RefKind.None || !(p.Type is IArrayTypeSymbol arrayType) || !OwnershipTable.IsRawFdType(arrayType.ElementType)) return null;
            return SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, _method) ? p : null;
        }

        private readonly Dictionary<(int, bool), int> _elementValues = new Dictionary<(int, bool), int>();

        private ValueSet ElementValue(IParameterSymbol array, bool enumerator, FlowState state)
        {
            if (!_elementValues.TryGetValue((array.Ordinal, enumerator), out var id))
            {
                var value = NewValue(ValueKind.Parameter, null, 0, array.Name + "[]", array.Locations.FirstOrDefault() ?? Location.None);
                value.ElementOf = array;
                value.IsElementEnumerator = enumerator;
                value.VariableName = array.Name + "[...]";
                _elementValues[(array.Ordinal, enumerator)] = id = value.Id;
            }
            if (!state.IsKnown(id)) state[id] = FdState.Unknown;
            return ValueSet.Of(id);
        }

        private static ValueSet ConstantValue(object? constant)
        {
            long n;
            switch (constant)
            {
                case int i: n = i; break;
                case long l: n = l; break;
                case short s: n = s; break;
                case sbyte sb: n = sb; break;
                default: return ValueSet.Empty;
            }
            if (n < 0) return ValueSet.Of(ValueSet.FailureConstant);
            if (n == 0) return ValueSet.Of(ValueSet.StdinConstant);
            if (n == 1) return ValueSet.Of(ValueSet.StdoutConstant);
            if (n == 2) return ValueSet.Of(ValueSet.StderrConstant);
            return ValueSet.Empty;
        }

        /// <summary>Reading an array or tuple variable as a whole reads its known elements too.</summary>
        private static ValueSet ReadVariable(Slot slot, ITypeSymbol? type, FlowState state)
        {
            var value = state.Get(slot);
            if (type is IArrayTypeSymbol || (type is INamedTypeSymbol named && named.IsTupleType))
            {
                foreach (var kv in state.Slots)
                {
                    if (kv.Key.Index >= 0 && kv.Key.SameVariable(slot)) value = value.Union(kv.Value);
                }
            }
            return value;
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                if (operation is IConversionOperation c) operation = c.Operand;
                else if (operation is IParenthesizedOperation p) operation = p.Operand;
                else return operation;
            }
        }

        /// <summary>The slot an operation names, if it names one the analysis follows.</summary>
        private static Slot? SlotOf(IOperation? operation)
        {
            if (operation == null) return null;
            operation = Unwrap(operation);
            switch (operation)
            {
                case ILocalReferenceOperation local: return Slot.Of(local.Local);
                case IParameterReferenceOperation parameter: return Slot.Of(parameter.Parameter);
                case IFlowCaptureReferenceOperation capture: return Slot.Of(capture.Id);
                case IDeclarationExpressionOperation declaration: return SlotOf(declaration.Expression);
                case IInvocationOperation invocation: return Slot.Of(invocation);
                case ISimpleAssignmentOperation assignment: return SlotOf(assignment.Target);
                case IArrayElementReferenceOperation element: return ElementSlot(element);
                case IFieldReferenceOperation field: return ElementSlot(field) ?? FieldSlot(field);
                default: return null;
            }
        }

        private static Slot? ElementSlot(IArrayElementReferenceOperation element)
        {
            if (element.Indices.Length != 1 || !(element.Indices[0].ConstantValue.Value is int index) || index < 0) return null;
            var array = Unwrap(element.ArrayReference);
            ISymbol? symbol = array is ILocalReferenceOperation l ? l.Local : (array as IParameterReferenceOperation)?.Parameter;
            return symbol == null ? null : Slot.Element(symbol, index, symbol.Name + "[" + index + "]");
        }

        private static Slot? ElementSlot(IFieldReferenceOperation field)
        {
            var type = field.Field.ContainingType;
            if (type == null || !type.IsTupleType || field.Instance == null) return null;
            var instance = Unwrap(field.Instance);
            ISymbol? symbol = instance is ILocalReferenceOperation l ? l.Local : (instance as IParameterReferenceOperation)?.Parameter;
            if (symbol == null) return null;
            var definition = field.Field.CorrespondingTupleField ?? field.Field;
            int index = -1;
            for (int i = 0; i < type.TupleElements.Length; i++)
            {
                var e = type.TupleElements[i];
                if (SymbolEqualityComparer.Default.Equals(e, definition) || SymbolEqualityComparer.Default.Equals(e.CorrespondingTupleField, definition) || e.Name == field.Field.Name)
                {
                    index = i;
                    break;
                }
            }
            return index < 0 ? null : Slot.Element(symbol, index, symbol.Name + "." + field.Field.Name);
        }

        /// <summary>Stores <paramref name="value"/> into a slot; what the slot held before may now be lost.</summary>
        private void Overwrite(Slot slot, ValueSet value, FlowState state)
        {
            foreach (var old in state.Get(slot).Tracked) _candidates.Add(old);
            state.Set(slot, value);
        }

        private void Assign(IOperation target, ValueSet value, IOperation? source, FlowState state, BasicBlock block)
        {
            target = Unwrap(target);
            if (target is IFieldReferenceOperation followedField && FieldSlot(followedField) is Slot fieldSlot)
            {
                AssignField(followedField, fieldSlot, value, source, state);
                return;
            }
            var slot = SlotOf(target);
            if (slot != null && !(target is IParameterReferenceOperation p && p.Parameter.RefKind != RefKind.None))
            {
                if (slot.Index >= 0 && slot.Symbol is IParameterSymbol arrayParameter && target is IArrayElementReferenceOperation)
                {
                    // `fds[0] = r;` into an array the caller passed in: the caller gets the descriptor.
                    Overwrite(slot, value, state);
                    Name(value, slot.Name);
                    Escape(value, state);
                    return;
                }
                Overwrite(slot, value, state);
                Name(value, slot.Name);
                var sourceOp = source == null ? null : Unwrap(source);
                if (sourceOp != null && _tuples.TryGetValue(sourceOp, out var parts))
                {
                    for (int i = 0; i < parts.Length; i++)
                    {
                        var element = Slot.Element(slot.Symbol!, i, slot.Name + ".Item" + (i + 1));
                        if (slot.Symbol != null) Overwrite(element, parts[i], state);
                    }
                }
                if (sourceOp != null)
                {
                    var fact = TryGetPredicate(sourceOp, state);
                    if (fact != null) state.SetFact(slot, fact);
                }
                return;
            }

            switch (target)
            {
                case IDiscardOperation _:
                    foreach (var id in value.Tracked) _candidates.Add(id);
                    return;
                case IParameterReferenceOperation byRef:
                    // Written through ref/out: the caller receives it. An out parameter of this method keeps
                    // following it (it may be checked, or closed on a failure path, before the method returns);
                    // what it holds at a normal exit is handed out (see HandedOut).
                    state.Set(Slot.Of(byRef.Parameter), value);
                    Name(value, byRef.Parameter.Name);
                    bool followed = byRef.Parameter.RefKind == RefKind.Out && OwnershipTable.IsRawFdType(byRef.Parameter.Type)
                        && SymbolEqualityComparer.Default.Equals(byRef.Parameter.ContainingSymbol, _method);
                    if (!followed) Escape(value, state);
                    // An acquired descriptor handed out through ref/out makes that parameter carry one; a number
                    // merely copied into it (another parameter, a count) does not.
                    if (value.Tracked.Any(id => _values[id].Kind == ValueKind.Acquired || _values[id].Kind == ValueKind.Owner)) _descriptorParameters.Add(byRef.Parameter);
                    return;
                case IFieldReferenceOperation field:
                    if (field.Instance != null) Eval(field.Instance, state, block);
                    Store(field.Field, value, state);
                    return;
                case IPropertyReferenceOperation property:
                    if (property.Instance != null) Eval(property.Instance, state, block);
                    Store(property.Property, value, state);
                    // A setter of this object may change its descriptor fields.
                    if (property.Instance is IInstanceReferenceOperation self && self.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance) RefreshInstanceFields(property, state);
                    return;
                case IArrayElementReferenceOperation array:
                    Eval(array.ArrayReference, state, block);
                    Escape(value, state);
                    return;
                default:
                    Eval(target, state, block);
                    Escape(value, state);
                    return;
            }
        }

        private void Store(ISymbol member, ValueSet value, FlowState state, bool escape = true)
        {
            Name(value, member.Name);
            foreach (var id in value.Tracked)
            {
                var kind = _values[id].Kind;
                if (kind == ValueKind.Acquired || kind == ValueKind.Owner || kind == ValueKind.Borrowed && _values[id].Origin != null) _stores.Add(member);
                else if (kind == ValueKind.Parameter) _parameterStores.Add((member, _values[id].Parameter!));
            }
            if (escape) Escape(value, state);
        }

        /// <summary>A field or property read handed straight to a descriptor call carries a descriptor.</summary>
        private void NoteMemberUse(IOperation? argument, FdEffect effect, int ordinal)
        {
            // A method that only keeps what it is given says nothing about the member read into it.
            if (argument == null || !effect.IsEvidence(ordinal) || effect.Arguments.TryGetValue(ordinal, out var role) && role == ArgumentRole.Escape) return;
            var op = Unwrap(argument);
            if (op is IFieldReferenceOperation field && !field.Field.IsConst && ElementSlot(field) == null) _stores.Add(field.Field);
            else if (op is IPropertyReferenceOperation property) _stores.Add(property.Property);
        }

        private void AssignDeconstruction(IOperation target, ValueSet value, IOperation source, FlowState state, BasicBlock block)
        {
            target = Unwrap(target);
            if (target is IDeclarationExpressionOperation declaration) target = Unwrap(declaration.Expression);
            if (target is ITupleOperation tuple && _tuples.TryGetValue(Unwrap(source), out var parts) && parts.Length == tuple.Elements.Length)
            {
                for (int i = 0; i < parts.Length; i++)
                {
                    var element = Unwrap(tuple.Elements[i]);
                    if (element is IDeclarationExpressionOperation d) element = Unwrap(d.Expression);
                    Assign(element, parts[i], null, state, block);
                }
                return;
            }
            Escape(value, state);
        }

        private void Name(ValueSet value, string name)
        {
            if (string.IsNullOrEmpty(name)) return;
            foreach (var id in value.Tracked)
            {
                var v = _values[id];
                if (v.VariableName == null) v.VariableName = name;
            }
        }

        private void Escape(ValueSet value, FlowState state)
        {
            foreach (var id in value.Tracked)
            {
                var kind = _values[id].Kind;
                if (_values[id].ElementOf != null)
                {
                    if (!_values[id].IsElementEnumerator) _keptElements.Add(_values[id].ElementOf!.Ordinal);
                    continue;
                }
                if (state[id] != FdState.None && kind != ValueKind.Borrowed && kind != ValueKind.Status) state[id] = FdState.Escaped;
            }
        }

        private void Returned(ValueSet value, FlowState state)
        {
            if (value.Contains(ValueSet.FailureConstant) && _reporting) _returned |= FdState.Invalid;
            foreach (var id in value.Tracked)
            {
                var v = _values[id];
                if (v.Kind == ValueKind.Acquired || v.Kind == ValueKind.Owner)
                {
                    _returnsAcquired = true;
                    if (_reporting) _returned |= state[id];
                }
                if (v.Kind == ValueKind.Acquired || v.Kind == ValueKind.Borrowed && v.Origin != null)
                {
                    _returnsRawDescriptor = true;
                }
                else if (v.Kind == ValueKind.Parameter)
                {
                    _returnsParameter = true;
                }
                else if (v.Kind == ValueKind.Field && v.Field != null)
                {
                    // `int Handle => _fd;`: a descriptor field's number leaves the type (FDS0004 when the field carries one).
                    _returnedFields.Add(v.Field);
                }
            }
            Escape(value, state);
        }

        private ValueSet VisitInvocation(IInvocationOperation invocation, FlowState state, BasicBlock block)
        {
            var method = invocation.TargetMethod;
            var receiver = invocation.Instance == null ? ValueSet.Empty : Eval(invocation.Instance, state, block);
            var arguments = EvalArguments(invocation.Arguments, state, block, out var outTargets);

            if (method.MethodKind == MethodKind.LocalFunction)
            {
                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    CaptureAtCall(invocation, reference.GetSyntax(_cancellation), state);
                }
                // Its parameters act as a method's would, by its own summary; without one, what it is given is handed on.
                var local = LocalFunctionEffect(method);
                foreach (var a in arguments)
                {
                    if (local != null && local.Arguments.TryGetValue(a.Key, out var role))
                    {
                        var syntax = invocation.Arguments.FirstOrDefault(x => x.Parameter?.Ordinal == a.Key)?.Value.Syntax;
                        Apply(role, a.Value, state, invocation, syntax, local, local.IsEvidence(a.Key));
                    }
                    else if (local == null)
                    {
                        Escape(a.Value, state);
                    }
                }
                AssignOutTargets(outTargets, state, block);
                CallOnFields(invocation, state);
                if (local != null && local.Acquire == AcquireShape.ReturnValue)
                {
                    return ValueSet.Of(Acquire(invocation, 0, local, state, AccessMode.Unknown).Id);
                }
                return ValueSet.Empty;
            }

            var guard = _table.Helpers.Guard(method);
            NoteDescriptorArguments(method, arguments, guard);
            if (!guard.IsNone) ApplyGuard(guard, arguments, state);
            var effect = _table.Classify(invocation);
            foreach (var (ordinal, whenTrue, whenFalse) in effect.BoolVariants)
            {
                // `CloseIf(fd, true)`: the summary for the constant passed.
                if (OwnershipTable.ArgumentConstant(invocation, ordinal) is bool flag) { effect = flag ? whenTrue : whenFalse; break; }
            }
            if (effect.IsNone && IsNumberConversion(method))
            {
                // IntPtr.ToInt32(), Convert.ToInt32(x), checked casts written as calls: the number is the same descriptor.
                return invocation.Instance != null ? receiver : arguments.TryGetValue(0, out var converted) ? converted : ValueSet.Empty;
            }
            if (!ClosesAnArgument(effect) && effect.Receiver != ArgumentRole.Close)
            {
                ImplicitThrow(state, block, invocation);
            }

            if (effect.Receiver is ArgumentRole receiverRole)
            {
                var target = receiver;
                if (receiverRole == ArgumentRole.Close)
                {
                    // Dispose/Close close owners; disposing a non-owning wrapper leaves its descriptor open.
                    target = receiver.Where(id => !ValueSet.IsTracked(id) || _values[id].Kind != ValueKind.Acquired);
                }
                Apply(receiverRole, target, state, invocation, invocation.Instance?.Syntax, effect, !effect.IsGeneric);
            }
            foreach (var kv in effect.Arguments)
            {
                var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == kv.Key);
                NoteMemberUse(argument?.Value, effect, kv.Key);
                if (arguments.TryGetValue(kv.Key, out var values))
                {
                    Apply(kv.Value, values, state, invocation, argument?.Value.Syntax, effect, effect.IsEvidence(kv.Key));
                }
            }
            CheckAccess(effect, arguments, state, invocation);
            if (effect.ReceiverGivesUp)
            {
                foreach (var id in receiver.Tracked) state[id] = FdState.Escaped;
            }

            AssignOutTargets(outTargets, state, block);
            CallOnFields(invocation, state);

            switch (effect.Acquire)
            {
                case AcquireShape.ReturnValue:
                {
                    var result = ValueSet.Of(Acquire(invocation, 0, effect, state, ModeOf(invocation, effect, 0)).Id);
                    InheritMode(effect, arguments, receiver, result);
                    return result;
                }
                case AcquireShape.ReturnTuple:
                {
                    int count = (method.ReturnType as INamedTypeSymbol)?.TupleElements.Length ?? 0;
                    var parts = new ValueSet[count];
                    var all = ValueSet.Empty;
                    for (int i = 0; i < count; i++)
                    {
                        parts[i] = ValueSet.Of(Acquire(invocation, i, effect, state, ModeOf(invocation, effect, i)).Id);
                        all = all.Union(parts[i]);
                    }
                    _tuples[invocation] = parts;
                    return all;
                }
                case AcquireShape.ArrayArgument:
                {
                    var array = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == effect.AcquireArgument);
                    var target = array == null ? null : Unwrap(array.Value);
                    ISymbol? symbol = target is ILocalReferenceOperation l ? l.Local : (target as IParameterReferenceOperation)?.Parameter;
                    if (symbol == null || target is IParameterReferenceOperation) return ValueSet.Empty;
                    var acquired = new int[2];
                    for (int i = 0; i < 2; i++)
                    {
                        var value = Acquire(invocation, i, effect, state, ModeOf(invocation, effect, i));
                        var slot = Slot.Element(symbol, i, symbol.Name + "[" + i + "]");
                        Overwrite(slot, ValueSet.Of(value.Id), state);
                        value.VariableName ??= slot.Name;
                        acquired[i] = value.Id;
                    }
                    return Status(invocation, effect, acquired, state);
                }
                case AcquireShape.OutArguments:
                {
                    var acquired = new List<int>();
                    foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
                    {
                        if (argument.Parameter?.RefKind != RefKind.Out || !OwnershipTable.IsRawFdType(argument.Parameter.Type) && !_table.IsOwnerType(argument.Parameter.Type)) continue;
                        if (!effect.OutOrdinals.IsEmpty && !effect.OutOrdinals.Contains(argument.Parameter.Ordinal)) continue;
                        if (acquired.Count >= 2) break;
                        var value = Acquire(invocation, acquired.Count, effect, state, ModeOf(invocation, effect, acquired.Count));
                        acquired.Add(value.Id);
                        Assign(argument.Value, ValueSet.Of(value.Id), null, state, block);
                    }
                    return Status(invocation, effect, acquired.ToArray(), state);
                }
            }

            if (effect.ReturnsBorrowed != null && receiver.Tracked.Any(id => _values[id].Kind == ValueKind.Acquired))
            {
                // DangerousGetHandle() of a non-owning wrapper over this code's own descriptor: that descriptor.
                return receiver.Where(id => ValueSet.IsTracked(id) && _values[id].Kind == ValueKind.Acquired);
            }
            if (effect.ReturnsBorrowed != null)
            {
                var borrowed = Borrowed(invocation, effect, state);
                InheritMode(effect, arguments, receiver, borrowed);
                return borrowed;
            }
            foreach (var ordinal in effect.ClosesElements) CloseElements(invocation, ordinal, effect, state);
            foreach (var argument in invocation.Arguments)
            {
                // `CloseAndReset(ref fd)`: the variable holds -1 after the call.
                if (argument.Parameter == null || argument.Parameter.RefKind != RefKind.Ref || !effect.ResetsRef.Contains(argument.Parameter.Ordinal)) continue;
                var slot = SlotOf(argument.Value);
                if (slot != null) Overwrite(slot, ValueSet.Of(ValueSet.FailureConstant), state);
            }
            if (!effect.ClosesWhenReturns.IsEmpty) return ClosingStatus(invocation, effect, arguments, state);
            if (effect.ReturnsArgument >= 0 && arguments.TryGetValue(effect.ReturnsArgument, out var returned)) return returned;
            // A check helper that returns its checked argument (`int fd = Check(open(...))`): the same descriptor.
            if (guard.ReturnsArgument >= 0 && arguments.TryGetValue(guard.ReturnsArgument, out var passed)) return passed;
            return ValueSet.Empty;
        }

        /// <summary>The 0/-1 result of pipe-like calls: a value whose checks refine the descriptors it reports on.</summary>
        private ValueSet Status(IInvocationOperation invocation, FdEffect effect, int[] acquired, FlowState state)
        {
            if (!effect.MayFail || acquired.Length == 0) return ValueSet.Empty;
            var status = ValueAt(invocation, 3, ValueKind.Status, effect.Name);
            status.StatusOf = acquired;
            status.IsBoolStatus = invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean;
            state[status.Id] = FdState.Unknown;
            var result = ValueSet.Of(status.Id);
            // A status tested where it is made (`if (pipe(fds) < 0)`, `if (!TryOpen(p, out fd))`) is held in a slot of its own for the test.
            state.Set(Slot.Of(invocation), result);
            return result;
        }

        /// <summary>A helper that closes the elements of an int[] parameter closes those of the array passed (`CloseAll(fds)`).</summary>
        private void CloseElements(IInvocationOperation invocation, int ordinal, FdEffect effect, FlowState state)
        {
            var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal);
            var target = argument == null ? null : Unwrap(argument.Value);
            if (target is IArrayCreationOperation { Initializer: { } initializer })
            {
                // `CloseAll(new[] { r, w })`, `CloseAll(r, w)` for a params array: the variables put into the new array.
                foreach (var element in initializer.ElementValues)
                {
                    var held = Unwrap(element);
                    if (!(held is ILocalReferenceOperation || held is IParameterReferenceOperation || held is IArrayElementReferenceOperation)) continue;
                    var slot = SlotOf(held);
                    if (slot != null) Apply(ArgumentRole.Close, state.Get(slot), state, invocation, element.Syntax, effect, evidence: false);
                }
                return;
            }
            ISymbol? array = target is ILocalReferenceOperation l ? l.Local : (target as IParameterReferenceOperation)?.Parameter;
            if (array == null) return;
            foreach (var slot in state.SlotsOfVariable(Slot.Of(array)))
            {
                if (slot.Index < 0) continue;
                Apply(ArgumentRole.Close, state.Get(slot), state, invocation, argument!.Value.Syntax, effect, evidence: false);
            }
        }

        /// <summary>
        /// The bool result of a helper that closes an argument only when it returns one value: a status whose
        /// test closes the argument on that branch (`if (!TryFinish(fd)) return;` leaves fd closed there).
        /// </summary>
        private ValueSet ClosingStatus(IInvocationOperation invocation, FdEffect effect, Dictionary<int, ValueSet> arguments, FlowState state)
        {
            var closed = new List<int>();
            bool? on = null;
            foreach (var kv in effect.ClosesWhenReturns)
            {
                if (!arguments.TryGetValue(kv.Key, out var values)) continue;
                if (on != null && on != kv.Value) return ValueSet.Empty;
                on = kv.Value;
                closed.AddRange(values.Tracked);
            }
            if (on == null || closed.Count == 0) return ValueSet.Empty;
            var status = ValueAt(invocation, 3, ValueKind.Status, effect.Name);
            status.StatusOf = closed.ToArray();
            status.IsBoolStatus = true;
            status.ClosesWhen = on;
            state[status.Id] = FdState.Unknown;
            var result = ValueSet.Of(status.Id);
            state.Set(Slot.Of(invocation), result);
            return result;
        }

        /// <summary>An acquired number passed to a raw parameter of the compilation's own method makes that parameter carry a descriptor.</summary>
        /// <remarks>A check helper's checked parameter is not one: it checks any call's result for -1 (the raw layer).</remarks>
        private void NoteDescriptorArguments(IMethodSymbol method, Dictionary<int, ValueSet> arguments, GuardEffect guard)
        {
            if (method.IsExtern || !method.Locations.Any(l => l.IsInSource)) return;
            var definition = method.OriginalDefinition;
            foreach (var kv in arguments)
            {
                if (kv.Key >= definition.Parameters.Length) continue;
                var parameter = definition.Parameters[kv.Key];
                if (!OwnershipTable.IsRawFdType(parameter.Type) || guard.CheckedArguments.Contains(kv.Key)) continue;
                foreach (var id in kv.Value.Tracked)
                {
                    if (_values[id].Kind == ValueKind.Acquired)
                    {
                        _descriptorArguments.Add(parameter);
                        break;
                    }
                }
            }
        }

        private static bool ClosesAnArgument(FdEffect effect)
        {
            foreach (var kv in effect.Arguments)
            {
                if (kv.Value == ArgumentRole.Close) return true;
            }
            return false;
        }

        private static bool IsNumberConversion(IMethodSymbol method)
        {
            if (!OwnershipTable.IsRawFdType(method.ReturnType)) return false;
            var type = method.ContainingType;
            if (type == null) return false;
            if (!method.IsStatic && method.Parameters.Length == 0 && OwnershipTable.IsRawFdType(type)
                && (method.Name == "ToInt32" || method.Name == "ToInt64" || method.Name == "ToUInt32"))
            {
                return true;
            }
            return method.IsStatic && method.Parameters.Length == 1 && OwnershipTable.IsRawFdType(method.Parameters[0].Type)
                && type.Name == "Convert" && type.ContainingNamespace?.Name == "System" && method.Name.StartsWith("ToInt", System.StringComparison.Ordinal);
        }

        private Dictionary<int, ValueSet> EvalArguments(ImmutableArray<IArgumentOperation> arguments, FlowState state, BasicBlock block, out List<IArgumentOperation>? outTargets)
        {
            var values = new Dictionary<int, ValueSet>();
            outTargets = null;
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.RefKind == RefKind.Out)
                {
                    (outTargets ??= new List<IArgumentOperation>()).Add(argument);
                    continue;
                }
                var value = Eval(argument.Value, state, block);
                if (argument.Parameter != null) values[argument.Parameter.Ordinal] = value;
            }
            return values;
        }

        /// <summary>Out arguments the call does not acquire into: whatever they held is replaced by something unknown.</summary>
        private void AssignOutTargets(List<IArgumentOperation>? outTargets, FlowState state, BasicBlock block)
        {
            if (outTargets == null) return;
            foreach (var argument in outTargets)
            {
                var slot = SlotOf(argument.Value);
                if (slot != null) Overwrite(slot, ValueSet.Empty, state);
            }
        }

        private ValueSet VisitCreation(IObjectCreationOperation creation, FlowState state, BasicBlock block)
        {
            var arguments = EvalArguments(creation.Arguments, state, block, out var outTargets);
            if (creation.Initializer != null) Eval(creation.Initializer, state, block);
            ImplicitThrow(state, block, creation);
            if ((creation.Type?.SpecialType == SpecialType.System_IntPtr || creation.Type?.SpecialType == SpecialType.System_UIntPtr)
                && creation.Arguments.Length == 1 && arguments.TryGetValue(0, out var number))
            {
                // new IntPtr(fd) is the same number: keep following the descriptor.
                return number;
            }
            var effect = _table.Classify(creation);
            foreach (var kv in effect.Arguments)
            {
                if (arguments.TryGetValue(kv.Key, out var values))
                {
                    var syntax = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == kv.Key)?.Value.Syntax;
                    Apply(kv.Value, values, state, creation, syntax, effect, effect.IsEvidence(kv.Key));
                }
            }
            AssignOutTargets(outTargets, state, block);
            // A non-owning wrapper (SafeFileHandle(fd, false)) stands for the descriptor it wraps.
            if (effect.WrapsArgument >= 0 && arguments.TryGetValue(effect.WrapsArgument, out var wrapped))
            {
                return wrapped.Where(id => ValueSet.IsTracked(id) && _values[id].Kind == ValueKind.Acquired);
            }
            return ValueSet.Empty;
        }

        private ValueSet Borrowed(IOperation operation, FdEffect effect, FlowState state)
        {
            var value = ValueAt(operation, 0, ValueKind.Borrowed, effect.Name);
            value.NotOwnedReason = effect.ReturnsBorrowed;
            state[value.Id] = FdState.NotOwned;
            _candidates.Add(value.Id);
            return ValueSet.Of(value.Id);
        }

        private TrackedValue ValueAt(IOperation operation, int element, ValueKind kind, string apiName)
        {
            if (!_ids.TryGetValue(operation, out var ids))
            {
                _ids[operation] = ids = new[] { -1, -1, -1, -1 };
            }
            if (element >= ids.Length) element = ids.Length - 1;
            if (ids[element] < 0)
            {
                ids[element] = NewValue(kind, operation, element, apiName, operation.Syntax.GetLocation()).Id;
            }
            return _values[ids[element]];
        }

        private TrackedValue Acquire(IOperation operation, int element, FdEffect effect, FlowState state, AccessMode mode)
        {
            var value = ValueAt(operation, element, effect.IsOwnerObject ? ValueKind.Owner : ValueKind.Acquired, effect.Name);
            value.MayFail = effect.MayFail;
            value.Mode = mode;
            if (state.IsKnown(value.Id) && state[value.Id].MayLeak())
            {
                // The same call made a descriptor on an earlier loop iteration that is still open.
                AddLeakExit(value.Id, operation.Syntax.GetLocation());
            }
            state[value.Id] = effect.MayFail ? FdState.Unchecked : FdState.Open;
            _candidates.Add(value.Id);
            return value;
        }

        /// <param name="evidence">
        /// The call says the value is a descriptor (a descriptor API uses, closes or takes it, or a method whose
        /// own code does). A call that merely keeps, stores or forwards the value is no evidence: it hands an
        /// acquired descriptor on, but makes no parameter of this method a descriptor.
        /// </param>
        private void Apply(ArgumentRole role, ValueSet values, FlowState state, IOperation call, SyntaxNode? argumentSyntax, FdEffect effect, bool evidence)
        {
            var callLocation = call.Syntax.GetLocation();
            string subject = argumentSyntax?.ToString() ?? "";
            foreach (var id in values.Items)
            {
                if (!ValueSet.IsTracked(id))
                {
                    if ((role == ArgumentRole.Close || role == ArgumentRole.Transfer) && (id == ValueSet.StdinConstant || id == ValueSet.StdoutConstant || id == ValueSet.StderrConstant))
                    {
                        AddEvent(FdEventKind.CloseNotOwned, null, callLocation, subject, true, "a standard stream");
                    }
                    continue;
                }
                var value = _values[id];
                if (value.ElementOf != null)
                {
                    // The caller's elements: what happens to them is the summary's, not a state of one value.
                    if (value.IsElementEnumerator) continue;
                    if (role == ArgumentRole.Close) _closedElements.Add(value.ElementOf.Ordinal);
                    else if (role != ArgumentRole.Use) _keptElements.Add(value.ElementOf.Ordinal);
                    continue;
                }
                var before = state[id];
                if (value.Kind == ValueKind.Parameter && value.Parameter != null && evidence) _descriptorParameters.Add(value.Parameter);
                switch (role)
                {
                    case ArgumentRole.Use:
                    case ArgumentRole.Transfer:
                        NoteFieldUse(value);
                        if (before.Has(FdState.Closed))
                        {
                            AddEvent(FdEventKind.UseAfterClose, value, callLocation, Subject(value, subject), before == FdState.Closed, null);
                        }
                        if (value.MayFail && before.Has(FdState.Unchecked | FdState.Invalid) && argumentSyntax != null)
                        {
                            AddEvent(FdEventKind.UncheckedUse, value, argumentSyntax.GetLocation(), Subject(value, subject), !before.Has(FdStateExtensions.ValidBits), null);
                        }
                        var after = before;
                        if (before.Has(FdStateExtensions.ValidBits | FdState.Unchecked))
                        {
                            after = (before & ~(FdState.Unchecked | FdState.Invalid)) | (before.Has(FdState.Unchecked) ? FdState.Open : FdState.None);
                        }
                        if (role == ArgumentRole.Transfer && before.Has(FdState.NotOwned | FdState.Transferred))
                        {
                            // A new owner will close what this code does not own.
                            AddEvent(FdEventKind.CloseNotOwned, value, callLocation, Subject(value, subject), true,
                                before.Has(FdState.NotOwned) ? value.NotOwnedReason ?? "borrowed" : value.TransferredTo ?? "owned elsewhere");
                        }
                        if (role == ArgumentRole.Transfer && value.Kind != ValueKind.Borrowed)
                        {
                            after = FdState.Transferred;
                            value.TransferredTo = "owned by the " + effect.Name + " on line " + (call.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
                        }
                        state[id] = after;
                        break;
                    case ArgumentRole.Close:
                        NoteFieldClose(value, callLocation);
                        if (before.Has(FdState.Closed))
                        {
                            AddEvent(FdEventKind.DoubleClose, value, callLocation, Subject(value, subject), before == FdState.Closed, null);
                        }
                        else if (before.Has(FdState.NotOwned))
                        {
                            AddEvent(FdEventKind.CloseNotOwned, value, callLocation, Subject(value, subject), true, value.NotOwnedReason ?? "borrowed");
                        }
                        else if (before == FdState.Transferred || before.Has(FdState.Transferred) && !InCatchHandler())
                        {
                            // In a catch, "owned on some path" joins the throwing points before and after the owner
                            // was made; a handler's close for the points before it (`if (owner != null)
                            // owner.Dispose(); else close(fd);`) is right, and the owner's variable is not correlated.
                            AddEvent(FdEventKind.CloseNotOwned, value, callLocation, Subject(value, subject), before == FdState.Transferred, value.TransferredTo ?? "owned elsewhere");
                        }
                        state[id] = FdState.Closed;
                        break;
                    case ArgumentRole.Escape:
                        if (value.Kind != ValueKind.Borrowed) state[id] = FdState.Escaped;
                        break;
                }
            }
        }

        private static string Subject(TrackedValue value, string argumentText) =>
            value.VariableName ?? (argumentText.Length > 0 ? argumentText : value.DisplayName);

        /// <summary>
        /// A call may throw before it returns: into the catches around it (what it can throw is unknown),
        /// and, with fdsafety.exception_paths on, out of the method, where what is open leaks unless a
        /// finally sees to it.
        /// </summary>
        private void ImplicitThrow(FlowState state, BasicBlock block, IOperation call)
        {
            if (_run == null) return;
            bool inCatchTry = false;
            for (var region = block.EnclosingRegion; region != null; region = Outer(region))
            {
                if (region.Kind == ControlFlowRegionKind.Try && Outer(region)?.Kind == ControlFlowRegionKind.TryAndCatch) { inCatchTry = true; break; }
            }
            if (!inCatchTry)
            {
                if (!_table.Options.ExceptionPaths) return;
                bool anyOpen = false;
                foreach (var kv in state.Values)
                {
                    var kind = _values[kv.Key].Kind;
                    if ((kind == ValueKind.Acquired || kind == ValueKind.Owner) && kv.Value.MayLeak()) { anyOpen = true; break; }
                }
                if (!anyOpen) return;
            }
            PropagateThrow(block, state.Clone(), call.Syntax.GetLocation(), _run, exceptionType: null, implicitThrow: true);
        }
    }
}
