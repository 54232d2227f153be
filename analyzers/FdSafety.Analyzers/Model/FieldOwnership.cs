using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Model
{
    /// <summary>
    /// Per descriptor field, from the code of the type that declares it: whether any member can close the
    /// descriptor it holds or hand it on. A private instance field of an integer type whose every
    /// reference in the type is an assignment to it, a comparison with a constant, or an argument a known
    /// descriptor call only uses (read, write, fstat ...) is <em>kept only</em>: what is stored there is
    /// never closed by the type. Any other reference (a close, a call of unknown effect, a return, a copy
    /// into a variable, a property getter, a <c>ref</c> argument, a new owner) counts as closing or handing
    /// it on, so the answer errs towards silence. Needs no summaries and no flow analysis; computed once
    /// per field and cached, so it is the same whichever method asks first.
    /// </summary>
    public sealed class FieldOwnership
    {
        private readonly Compilation _compilation;
        private readonly OwnershipTable _table;
        private readonly ConcurrentDictionary<ISymbol, (bool KeptOnly, bool Used)> _keptOnly = new ConcurrentDictionary<ISymbol, (bool, bool)>(SymbolEqualityComparer.Default);

        public FieldOwnership(Compilation compilation, OwnershipTable table)
        {
            _compilation = compilation;
            _table = table;
        }

        /// <summary>No member of the field's type closes or hands on the descriptor the field holds.</summary>
        public bool IsKeptOnly(IFieldSymbol field) => Facts(field).KeptOnly;

        /// <summary>Kept only, and lent to descriptor calls somewhere in its type: the object works with what it keeps.</summary>
        public bool IsKeptAndUsed(IFieldSymbol field)
        {
            var facts = Facts(field);
            return facts.KeptOnly && facts.Used;
        }

        private (bool KeptOnly, bool Used) Facts(IFieldSymbol field)
        {
            if (field.IsStatic || field.IsConst || field.DeclaredAccessibility != Accessibility.Private || !OwnershipTable.IsRawFdType(field.Type)) return (false, false);
            return _keptOnly.GetOrAdd(field.OriginalDefinition, f => Compute((IFieldSymbol)f));
        }

        private (bool KeptOnly, bool Used) Compute(IFieldSymbol field)
        {
            var type = field.ContainingType;
            bool used = false;
            if (type == null || type.DeclaringSyntaxReferences.IsEmpty) return (false, false);
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var root = reference.GetSyntax();
                if (!_compilation.ContainsSyntaxTree(root.SyntaxTree)) return (false, false);
                SemanticModel? model = null;
                foreach (var name in root.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (name.Identifier.ValueText != field.Name) continue;
#pragma warning disable RS1030 // A field's owner is decided by the code of its own type; computed once per field and cached.
                    model ??= _compilation.GetSemanticModel(root.SyntaxTree);
#pragma warning restore RS1030
                    var symbol = model.GetSymbolInfo(name).Symbol;
                    if (symbol == null)
                    {
                        // Unbound (a nameof, broken code): it may be the field.
                        if (IsInNameOf(name)) continue;
                        return (false, false);
                    }
                    if (!SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, field)) continue;
                    if (!OnlyKeeps(name, model, ref used)) return (false, false);
                }
            }
            return (true, used);
        }

        private static bool IsInNameOf(SyntaxNode node) =>
            node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax n && n.Identifier.ValueText == "nameof");

        /// <summary>The reference writes the field, compares it with a constant, or lends it to a known descriptor use.</summary>
        private bool OnlyKeeps(IdentifierNameSyntax name, SemanticModel model, ref bool used)
        {
            if (IsInNameOf(name)) return true;
            SyntaxNode node = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            var operation = model.GetOperation(node);
            if (!(operation is IFieldReferenceOperation)) return false;
            IOperation current = operation;
            while (current.Parent is IConversionOperation || current.Parent is IParenthesizedOperation) current = current.Parent;
            var parent = current.Parent;
            switch (parent)
            {
                case ISimpleAssignmentOperation assignment:
                    return assignment.Target == current;
                case IBinaryOperation binary:
                {
                    var other = binary.LeftOperand == current ? binary.RightOperand : binary.LeftOperand;
                    return other.ConstantValue.HasValue && IsComparison(binary.OperatorKind);
                }
                case IIsPatternOperation _:
                    return true;
                case IArgumentOperation argument when argument.Parameter != null && argument.Parameter.RefKind == RefKind.None && argument.Parent is IInvocationOperation call:
                {
                    var effect = _table.ClassifyKnown(call);
                    bool use = effect.Arguments.TryGetValue(argument.Parameter.Ordinal, out var role) && role == ArgumentRole.Use && effect.IsEvidence(argument.Parameter.Ordinal);
                    used |= use;
                    return use;
                }
                default:
                    return false;
            }
        }

        private readonly ConcurrentDictionary<IMethodSymbol, (System.Collections.Generic.HashSet<string> Names, bool CallsOwn)> _touches =
            new ConcurrentDictionary<IMethodSymbol, (System.Collections.Generic.HashSet<string>, bool)>(SymbolEqualityComparer.Default);

        /// <summary>
        /// Whether a member's code can change a field without its summary saying so: it names the field, or
        /// calls a member of its own object or type (by a simple name, <c>this.</c>, <c>base.</c> or the type's name).
        /// From syntax, once per member.
        /// </summary>
        public bool MayTouch(IMethodSymbol method, string fieldName)
        {
            if (method.DeclaringSyntaxReferences.IsEmpty) return true;
            var facts = _touches.GetOrAdd(method.OriginalDefinition, m =>
            {
                var names = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
                bool callsOwn = false;
                foreach (var reference in m.DeclaringSyntaxReferences)
                {
                    foreach (var node in reference.GetSyntax().DescendantNodes())
                    {
                        if (node is IdentifierNameSyntax name) names.Add(name.Identifier.ValueText);
                        else if (node is InvocationExpressionSyntax invocation
                            && (invocation.Expression is SimpleNameSyntax
                                || invocation.Expression is MemberAccessExpressionSyntax access && (access.Expression is ThisExpressionSyntax || access.Expression is BaseExpressionSyntax
                                    || access.Expression is IdentifierNameSyntax type && type.Identifier.ValueText == m.ContainingType?.Name)))
                        {
                            callsOwn = true;
                        }
                    }
                }
                return (names, callsOwn);
            });
            return facts.CallsOwn || facts.Names.Contains(fieldName);
        }

        private static bool IsComparison(BinaryOperatorKind kind) =>
            kind == BinaryOperatorKind.Equals || kind == BinaryOperatorKind.NotEquals || kind == BinaryOperatorKind.LessThan
            || kind == BinaryOperatorKind.LessThanOrEqual || kind == BinaryOperatorKind.GreaterThan || kind == BinaryOperatorKind.GreaterThanOrEqual;
    }
}
