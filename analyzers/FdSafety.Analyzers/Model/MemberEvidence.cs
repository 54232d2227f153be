using System;
using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Model
{
    /// <summary>
    /// Descriptor evidence that belongs to a type rather than to one method: a field or property that the
    /// type's own code hands straight to a descriptor API (so a parameter stored there carries a
    /// descriptor, wherever the store happens), and SafeHandle subclasses that own descriptors (their
    /// <c>DangerousGetHandle()</c> is a descriptor; a SafeHandle over a native pointer is not).
    /// Decided from the type's syntax, binding only the calls that name the member; cached per symbol,
    /// so the answer is the same whichever method asks first.
    /// </summary>
    public sealed class MemberEvidence
    {
        private readonly Compilation _compilation;
        private readonly OwnershipTable _table;
        private readonly ConcurrentDictionary<ISymbol, bool> _members = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _handles = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

        public MemberEvidence(Compilation compilation, OwnershipTable table)
        {
            _compilation = compilation;
            _table = table;
        }

        /// <summary>The type's own code passes this field or property to a descriptor API as the descriptor.</summary>
        public bool IsDescriptorMember(ISymbol member)
        {
            if (!(member is IFieldSymbol || member is IPropertySymbol)) return false;
            return _members.GetOrAdd(member.OriginalDefinition, ComputeMember);
        }

        private bool ComputeMember(ISymbol member)
        {
            var type = member.ContainingType;
            if (type == null) return false;
            var memberType = (member as IFieldSymbol)?.Type ?? (member as IPropertySymbol)?.Type;
            if (!OwnershipTable.IsRawFdType(memberType)) return false;
            // libc's own structures that carry a descriptor, whichever binding declares them:
            // `struct pollfd { int fd; ... }` for poll/ppoll.
            if (type.TypeKind == TypeKind.Struct && type.Name == "pollfd" && member.Name == "fd") return true;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var root = reference.GetSyntax();
                if (!_compilation.ContainsSyntaxTree(root.SyntaxTree)) continue;
                SemanticModel? model = null;
                foreach (var name in root.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (name.Identifier.ValueText != member.Name) continue;
                    // `Call(_fd)`, `Call(this._fd)`, `Call((int)_fd)`: the member is the argument itself.
                    SyntaxNode node = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    while (node.Parent is CastExpressionSyntax || node.Parent is ParenthesizedExpressionSyntax) node = node.Parent;
                    if (!(node.Parent is ArgumentSyntax argument) || !(argument.Parent?.Parent is InvocationExpressionSyntax invocation)) continue;
#pragma warning disable RS1030 // Evidence for a member comes from the calls of its own type; computed once per member and cached.
                    model ??= _compilation.GetSemanticModel(root.SyntaxTree);
#pragma warning restore RS1030
                    if (!(model.GetOperation(invocation) is IInvocationOperation call)) continue;
                    var bound = call.Arguments.FirstOrDefault(a => a.Syntax == argument);
                    if (bound?.Parameter == null) continue;
                    if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol?.OriginalDefinition, member)) continue;
                    // Only descriptor APIs known without summaries: a method of the compilation would need its
                    // own flow analysis here, which a member's evidence must not depend on.
                    var effect = _table.ClassifyKnown(call);
                    if (effect.Arguments.TryGetValue(bound.Parameter.Ordinal, out var role) && effect.IsEvidence(bound.Parameter.Ordinal)
                        && role != ArgumentRole.Escape)
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        /// <summary>A SafeHandle type whose handle is a descriptor: the BCL's file, pipe and socket handles, OwnedFd, or a subclass whose ReleaseHandle closes it.</summary>
        public bool IsDescriptorHandle(ITypeSymbol? type)
        {
            if (type == null) return false;
            return _handles.GetOrAdd(type.OriginalDefinition, ComputeHandle);
        }

        private bool ComputeHandle(ITypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                string ns = t.ContainingNamespace?.ToDisplayString() ?? "";
                if ((t.Name == "SafeFileHandle" || t.Name == "SafePipeHandle") && ns == "Microsoft.Win32.SafeHandles") return true;
                if (t.Name == "SafeSocketHandle" && ns == "System.Net.Sockets") return true;
                if (_table.IsOwnerType(t)) return true;
                if (t.Name == "SafeHandle" && ns == "System.Runtime.InteropServices") return false;
                if (ReleaseHandleCloses(t)) return true;
            }
            return false;
        }

        private bool ReleaseHandleCloses(ITypeSymbol type)
        {
            foreach (var release in type.GetMembers("ReleaseHandle").OfType<IMethodSymbol>())
            {
                foreach (var reference in release.DeclaringSyntaxReferences)
                {
                    var syntax = reference.GetSyntax();
                    if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree)) continue;
#pragma warning disable RS1030 // A SafeHandle subclass's ReleaseHandle says what it owns; computed once per type and cached.
                    var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                    foreach (var invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (!(model.GetOperation(invocation) is IInvocationOperation call)) continue;
                        var effect = _table.ClassifyKnown(call);
                        if (effect.Arguments.Values.Contains(ArgumentRole.Close)) return true;
                    }
                }
            }
            return false;
        }
    }
}
