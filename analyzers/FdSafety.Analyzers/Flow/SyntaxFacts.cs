using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// What one member declaration mentions, read from its tokens alone (nothing bound): the names it
    /// calls, whether it names a descriptor API, whether it keeps a parameter. The pre-pass
    /// (<see cref="Relevance"/>) decides from these which bodies can matter.
    /// </summary>
    internal sealed class MemberFacts
    {
        public MemberFacts(TextSpan span, string? declaredName, TypeFacts? type)
            : this(span, declaredName, type, NoCalls)
        {
        }

        /// <summary>Most members call nothing (fields, auto-properties, constants): they share this empty table, never written (a member's first call gives it its own, see <see cref="AddCall"/>).</summary>
        private static readonly Dictionary<string, CallsOfName> NoCalls = new Dictionary<string, CallsOfName>(StringComparer.Ordinal);

        private MemberFacts(TextSpan span, string? declaredName, TypeFacts? type, Dictionary<string, CallsOfName> calls)
        {
            Span = span;
            DeclaredName = declaredName;
            Type = type;
            _calls = calls;
            Lineage = this;
        }

        /// <summary>
        /// The member these facts descend from: the facts of the same member in earlier versions of the tree share it as long
        /// as what the pre-pass's closure reads stays the same (<see cref="SameForClosure"/>), so a closure computed before an
        /// edit holds the member after it (<see cref="ByLineage"/>).
        /// </summary>
        public object Lineage { get; private set; }

        /// <summary>Member facts compared by <see cref="Lineage"/>.</summary>
        public static readonly IEqualityComparer<MemberFacts> ByLineage = new LineageComparer();

        private sealed class LineageComparer : IEqualityComparer<MemberFacts>
        {
            public bool Equals(MemberFacts? x, MemberFacts? y) => ReferenceEquals(x?.Lineage, y?.Lineage);

            public int GetHashCode(MemberFacts obj) => RuntimeHelpers.GetHashCode(obj.Lineage);
        }

        /// <summary>These facts, rescanned after an edit, continue <paramref name="before"/>'s lineage when the closure reads the same from both.</summary>
        internal void Continue(MemberFacts before)
        {
            if (SameForClosure(before, this)) Lineage = before.Lineage;
        }

        /// <summary>The same facts at another place (the member moved, or its type is a copy): facts are never changed once a tree's are computed.</summary>
        public MemberFacts Moved(TextSpan span, TypeFacts? type)
        {
            var moved = new MemberFacts(span, DeclaredName, type, _calls)
            {
                Lineage = Lineage,
                Accepts = Accepts, IsPrivate = IsPrivate, IsExtension = IsExtension, IsConstructor = IsConstructor,
                MentionsKnown = MentionsKnown, IsExternBinding = IsExternBinding, HasFdAttribute = HasFdAttribute,
                StoresParameter = StoresParameter, KeepsGeneric = KeepsGeneric, Summarizable = Summarizable,
                Carries = Carries, IsPrimaryConstructor = IsPrimaryConstructor,
                StoresRawParameter = StoresRawParameter, StoredTypeNames = StoredTypeNames, ReturnsName = ReturnsName,
                NamesHandle = NamesHandle, CallsImplicitly = CallsImplicitly,
            };
            return moved;
        }

        public TextSpan Span { get; }

        /// <summary>The name its callers write: the method's name, the type's name for a constructor; null for what is not called by name.</summary>
        public string? DeclaredName { get; }

        /// <summary>The innermost type declaration it is a member of.</summary>
        public TypeFacts? Type { get; }

        /// <summary>
        /// The names written in call position (before '(' or '&lt;', a constructor initializer's type), each with the argument
        /// counts and receivers of its calls here.
        /// </summary>
        public IReadOnlyDictionary<string, CallsOfName> Calls => _calls;

        private Dictionary<string, CallsOfName> _calls;

        /// <summary>A private method or constructor of a class or struct (declared private or with no accessibility): only code inside its type can call it.</summary>
        public bool IsPrivate { get; set; }

        /// <summary>Whether a call of this member's name in <paramref name="caller"/> can bind to it, as far as its accessibility and argument count tell.</summary>
        public bool MayBeCalledBy(MemberFacts caller)
        {
            if (DeclaredName == null || !caller.MayCall(DeclaredName, Accepts)) return false;
            return !IsPrivate || Type == null || (caller.Type != null && caller.Type.IsWithin(Type.Name));
        }

        /// <summary>The argument counts a call of it can have (<see cref="Arity"/>): its parameters, optional and params ones, an extension's receiver.</summary>
        public ulong Accepts { get; set; } = Arity.Any;

        /// <summary>Whether some call of the name here can have an argument count the member accepts (a call with another count cannot bind to it).</summary>
        public bool MayCall(string name, ulong accepts) => Calls.TryGetValue(name, out var calls) && (calls.Arities & accepts) != 0;

        /// <summary>Whether it calls any of the names.</summary>
        public bool CallsAny(HashSet<string> names)
        {
            foreach (var name in Calls.Keys)
            {
                if (names.Contains(name)) return true;
            }
            return false;
        }

        internal void AddCall(string name, ulong arity, string? receiver = null)
        {
            if (ReferenceEquals(_calls, NoCalls)) _calls = new Dictionary<string, CallsOfName>(StringComparer.Ordinal);
            if (!_calls.TryGetValue(name, out var ofName)) _calls[name] = ofName = new CallsOfName();
            ofName.Add(arity, receiver ?? Receivers.Unknown);
        }

        /// <summary>
        /// Whether two facts of a member say the same to the pre-pass's closure (its name, signature, calls and their
        /// receivers, and what it names or keeps); an extern binding never does (whether it binds libc is read from symbols).
        /// </summary>
        public static bool SameForClosure(MemberFacts a, MemberFacts b)
        {
            if (a.IsExternBinding || b.IsExternBinding) return false;
            if (!string.Equals(a.DeclaredName, b.DeclaredName, StringComparison.Ordinal) || !string.Equals(a.Type?.Name, b.Type?.Name, StringComparison.Ordinal)
                || a.Accepts != b.Accepts || a.IsPrivate != b.IsPrivate || a.IsExtension != b.IsExtension || a.IsConstructor != b.IsConstructor
                || a.MentionsKnown != b.MentionsKnown || a.HasFdAttribute != b.HasFdAttribute || a.StoresParameter != b.StoresParameter
                || a.KeepsGeneric != b.KeepsGeneric || a.Summarizable != b.Summarizable || a.Carries != b.Carries || a.IsPrimaryConstructor != b.IsPrimaryConstructor
                || a.StoresRawParameter != b.StoresRawParameter || a.ReturnsName != b.ReturnsName || a.NamesHandle != b.NamesHandle
                || a.CallsImplicitly != b.CallsImplicitly || !SameNames(a.StoredTypeNames, b.StoredTypeNames)
                || a.Calls.Count != b.Calls.Count)
            {
                return false;
            }
            foreach (var pair in a.Calls)
            {
                if (!b.Calls.TryGetValue(pair.Key, out var calls) || !calls.SameAs(pair.Value)) return false;
            }
            return true;
        }

        private static bool SameNames(List<string>? a, List<string>? b) =>
            a == null || b == null ? a == b : a.Count == b.Count && a.SequenceEqual(b, StringComparer.Ordinal);

        /// <summary>An instance or primary constructor: only an object creation or a constructor initializer calls it.</summary>
        public bool IsConstructor { get; set; }

        /// <summary>An extension method: a call of its name on any receiver may bind to it.</summary>
        public bool IsExtension { get; set; }

        /// <summary>An identifier of a known descriptor type or API anywhere in it, or a call of a known entry point.</summary>
        public bool MentionsKnown { get; set; }

        /// <summary>An extern or [LibraryImport] declaration (a binding, if its library is libc).</summary>
        public bool IsExternBinding { get; set; }

        /// <summary>Carries an fd attribute: its name is a descriptor API.</summary>
        public bool HasFdAttribute { get; set; }

        /// <summary>Assigns a parameter (of it or of a lambda in it) whose type can hold a descriptor to something but its own locals: it may keep a parameter in a field.</summary>
        public bool StoresParameter { get; set; }

        /// <summary>
        /// Assigns to something but its own locals a parameter whose declared type may be an integer that holds a descriptor
        /// (int, uint, long, nint and their names) or is not written (a lambda's); <see cref="StoredTypeNames"/> holds the
        /// simple type names of the other stored parameters, which are such an integer if the compilation aliases them so.
        /// </summary>
        public bool StoresRawParameter { get; set; }

        /// <summary>The simple names (no dot, no type argument) of the declared types of the parameters it stores, but the integer ones; null when none.</summary>
        public List<string>? StoredTypeNames { get; set; }

        /// <summary>Returns (by a return or yield return statement, an expression body or a lambda's) what may be a field: a name, a member access, or an expression the pre-pass does not know to be something else.</summary>
        public bool ReturnsName { get; set; }

        /// <summary>Writes the name <c>Handle</c> (a socket's descriptor property).</summary>
        public bool NamesHandle { get; set; }

        /// <summary>Has calls no name is written for: a collection initializer's Add, a query expression's methods.</summary>
        public bool CallsImplicitly { get; set; }

        /// <summary>Calls a storing method (Add, Push ...), or creates a generic object, or one with arguments whose type the syntax does not tell (`new(fd, true)` as an argument).</summary>
        public bool KeepsGeneric { get; set; }

        /// <summary>
        /// Its calls can get a summary: not virtual, abstract, override, partial, extern, static
        /// constructor or interface member (calls to those are unknown to the flow analysis, so what its
        /// body does never reaches a caller through its name).
        /// </summary>
        public bool Summarizable { get; set; } = true;

        /// <summary>
        /// Its signature can carry a descriptor between it and its callers: some parameter or the return type
        /// is not text, bytes, a flag or a floating-point number (nor an array or span of those). A summary only
        /// says what happens to the arguments and what comes back, so a method whose signature carries nothing
        /// has no effect its callers see, and calling it gives a caller nothing to track.
        /// </summary>
        public bool Carries { get; set; } = true;

        /// <summary>The parameter list of a type's primary constructor (not a member declaration of its own).</summary>
        public bool IsPrimaryConstructor { get; set; }
    }

    /// <summary>
    /// A member's calls of one name: the argument counts they have (<see cref="Arity"/> masks, or'ed; <see cref="Arity.Any"/>
    /// where the syntax does not tell the count, as for a name before '&lt;' that is a comparison) and what they are made on
    /// (<see cref="Receivers"/> strings, each once). Most names are called on one receiver: it is kept inline.
    /// </summary>
    internal sealed class CallsOfName
    {
        private string? _first;
        private List<string>? _more;

        public ulong Arities { get; private set; }

        /// <summary>How many distinct receivers; <see cref="Receiver"/> reads them without allocating (the closure asks this of every edge).</summary>
        public int ReceiverCount => _first == null ? 0 : 1 + (_more?.Count ?? 0);

        /// <summary>The receiver at <paramref name="index"/>, in the order first seen.</summary>
        public string Receiver(int index) => index == 0 ? _first! : _more![index - 1];

        /// <summary>The receivers, in the order first seen.</summary>
        public IEnumerable<string> Receivers => Enumerable.Range(0, ReceiverCount).Select(Receiver);

        public bool HasReceiver(string receiver)
        {
            for (int i = 0; i < ReceiverCount; i++)
            {
                if (string.Equals(Receiver(i), receiver, StringComparison.Ordinal)) return true;
            }
            return false;
        }

        public void Add(ulong arity, string receiver)
        {
            Arities |= arity;
            if (_first == null) _first = receiver;
            else if (!HasReceiver(receiver)) (_more ??= new List<string>()).Add(receiver);
        }

        /// <summary>The same counts and the same receivers, in any order.</summary>
        public bool SameAs(CallsOfName other)
        {
            if (Arities != other.Arities || ReceiverCount != other.ReceiverCount) return false;
            for (int i = 0; i < ReceiverCount; i++)
            {
                if (!other.HasReceiver(Receiver(i))) return false;
            }
            return true;
        }
    }

    /// <summary>
    /// Argument counts as bit masks: bit n for n arguments, the top bit for 63 or more. A call can bind to a
    /// method only if its count is one the method accepts, whatever the argument names or types.
    /// </summary>
    internal static class Arity
    {
        public const ulong Any = ulong.MaxValue;

        private const int Top = 63;

        public static ulong Of(int count) => 1UL << Math.Min(count, Top);

        /// <summary>From <paramref name="required"/> to <paramref name="total"/> arguments, or any number from <paramref name="required"/> on with a params parameter.</summary>
        public static ulong Range(int required, int total, bool unbounded)
        {
            if (unbounded) total = Top;
            ulong mask = 0;
            for (int n = Math.Min(required, Top); n <= Math.Min(total, Top); n++) mask |= 1UL << n;
            return mask;
        }

        /// <summary>What a parameter list accepts; an extension method also accepts one argument fewer (its receiver is written before the dot).</summary>
        public static ulong Accepted(ParameterListSyntax? list)
        {
            if (list == null) return Any;
            var parameters = list.Parameters;
            int required = 0;
            bool unbounded = false, extension = false;
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                foreach (var modifier in p.Modifiers)
                {
                    if (modifier.IsKind(SyntaxKind.ParamsKeyword)) unbounded = true;
                    if (modifier.IsKind(SyntaxKind.ThisKeyword) && i == 0) extension = true;
                }
                if (p.Type == null && p.Identifier.IsKind(SyntaxKind.ArgListKeyword)) return Any;
                // [Optional] (or any attribute that may make it so) without a default value: not required either.
                if (p.Default == null && !unbounded && p.AttributeLists.Count == 0) required = i + 1;
            }
            var mask = Range(required, parameters.Count, unbounded);
            if (extension) mask |= mask >> 1;
            return mask;
        }

        /// <summary>The argument count of the call whose name is the identifier followed by '(' or '&lt;'; <see cref="Any"/> when it is not a call the syntax shows.</summary>
        public static ulong OfCall(SyntaxToken identifier)
        {
            SyntaxNode? name = identifier.Parent;
            if (name is GenericNameSyntax || name is IdentifierNameSyntax)
            {
                SyntaxNode node = name;
                if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node) node = access;
                else if (node.Parent is MemberBindingExpressionSyntax binding && binding.Name == node) node = binding;
                else if (node.Parent is QualifiedNameSyntax qualified && qualified.Right == node) node = qualified;
                else if (node.Parent is AliasQualifiedNameSyntax alias && alias.Name == node) node = alias;
                switch (node.Parent)
                {
                    case InvocationExpressionSyntax invocation when invocation.Expression == node:
                        return Of(invocation.ArgumentList.Arguments.Count);
                    case ObjectCreationExpressionSyntax creation when creation.Type == node:
                        return Of(creation.ArgumentList?.Arguments.Count ?? 0);
                    case PrimaryConstructorBaseTypeSyntax primary when primary.Type == node:
                        return Of(primary.ArgumentList.Arguments.Count);
                }
            }
            return Any;
        }
    }

    internal sealed class TypeFacts
    {
        public TypeFacts(TextSpan span, string name, string? firstBase, TypeFacts? enclosing)
        {
            Span = span;
            Name = name;
            FirstBase = firstBase;
            Enclosing = enclosing;
        }

        /// <summary>The type declaration this one is nested in, if any.</summary>
        public TypeFacts? Enclosing { get; }

        /// <summary>
        /// What the `using static` directives of the declaration's tree import (<see cref="TreeFacts.StaticImports"/>, the
        /// tree's own set): a bare name here may be one of those types' members.
        /// </summary>
        public HashSet<string> StaticImports { get; private set; } = Empty;

        private static readonly HashSet<string> Empty = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Whether this declaration is, or is nested in, a declaration of a type of that name (a private member of it is visible here).</summary>
        public bool IsWithin(string typeName)
        {
            for (var t = this; t != null; t = t.Enclosing)
            {
                if (string.Equals(t.Name, typeName, StringComparison.Ordinal)) return true;
            }
            return false;
        }

        public TextSpan Span { get; }
        public string Name { get; }

        /// <summary>The rightmost identifier of the first type in the base list, if any.</summary>
        public string? FirstBase { get; }

        public List<MemberFacts> Members { get; } = new List<MemberFacts>();

        /// <summary>
        /// The fields, properties, events and primary-constructor parameters this declaration declares, with their
        /// declared types as <see cref="Receivers"/> strings (null where the syntax does not tell, or two declarations of
        /// the name disagree).
        /// </summary>
        public Dictionary<string, string?> MemberTypes { get; private set; } = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <summary>The type parameters this declaration declares, if any.</summary>
        public HashSet<string>? TypeParameters { get; private set; }

        /// <summary>A type in the base list has type arguments: an inherited member may have one of them as its type.</summary>
        public bool HasGenericBase { get; private set; }

        /// <summary>Whether a name is a type parameter of this declaration or of one it is nested in.</summary>
        public bool IsTypeParameter(string name)
        {
            for (var t = this; t != null; t = t.Enclosing)
            {
                if (t.TypeParameters != null && t.TypeParameters.Contains(name)) return true;
            }
            return false;
        }

        /// <summary>The same declaration at another place (facts are never changed once computed).</summary>
        public TypeFacts Moved(TextSpan span, TypeFacts? enclosing) =>
            new TypeFacts(span, Name, FirstBase, enclosing) { MemberTypes = MemberTypes, TypeParameters = TypeParameters, HasGenericBase = HasGenericBase, StaticImports = StaticImports };

        /// <summary>Shares the tree's set of static imports (filled as its usings are read).</summary>
        internal void ImportsOf(TreeFacts tree) => StaticImports = tree.StaticImports;

        /// <summary>Reads the declaration's type parameters, generic bases and member types (before its members are scanned).</summary>
        internal void Note(TypeDeclarationSyntax declaration)
        {
            if (declaration.TypeParameterList != null)
            {
                TypeParameters = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in declaration.TypeParameterList.Parameters) TypeParameters.Add(p.Identifier.ValueText);
            }
            if (declaration.BaseList != null)
            {
                foreach (var b in declaration.BaseList.Types)
                {
                    if (b.Type.DescendantNodesAndSelf().OfType<GenericNameSyntax>().Any()) HasGenericBase = true;
                }
            }
            if (declaration.ParameterList != null)
            {
                foreach (var p in declaration.ParameterList.Parameters) AddMember(p.Identifier.ValueText, Receivers.OfType(p.Type, this, null));
            }
            foreach (var member in declaration.Members)
            {
                switch (member)
                {
                    case BaseFieldDeclarationSyntax field:
                        var type = Receivers.OfType(field.Declaration.Type, this, null);
                        foreach (var v in field.Declaration.Variables) AddMember(v.Identifier.ValueText, type);
                        break;
                    case PropertyDeclarationSyntax property:
                        AddMember(property.Identifier.ValueText, Receivers.OfType(property.Type, this, null));
                        break;
                    case EventDeclarationSyntax e:
                        AddMember(e.Identifier.ValueText, Receivers.OfType(e.Type, this, null));
                        break;
                }
            }
        }

        private void AddMember(string name, string? type) => Receivers.Declare(MemberTypes, name, type);
    }

    /// <summary>
    /// What a call is made on, as far as the syntax of the member tells (nothing bound), as strings:
    /// <list type="bullet">
    /// <item><c>""</c>: a value of a type no source type can be (a predefined type, an array), or a member of one;</item>
    /// <item><c>T:Name</c>: a value declared with type <c>Name</c> (the rightmost identifier, type arguments dropped);</item>
    /// <item><c>I:Name</c>: the bare identifier <c>Name</c>, neither a local nor a member of this declaration: a type (a
    /// static call), an inherited member, or something of another assembly;</item>
    /// <item><c>J:Name</c>: a member of a member ... of the bare identifier <c>Name</c>.</item>
    /// </list>
    /// The pre-pass (<see cref="Relevance"/>) decides from the compilation's type and member names which methods a call on
    /// such a receiver can bind to; null stands for a receiver the syntax does not tell.
    /// </summary>
    internal static class Receivers
    {
        public const string Foreign = "";

        /// <summary>A receiver the syntax does not tell: a bare name, <c>this</c>, a call's result ...</summary>
        public const string Unknown = "?";

        /// <summary>An object creation, attribute or constructor initializer: the call binds to a constructor.</summary>
        public const string Creation = "N:";

        /// <summary>A generic type's name before its type arguments, where only a type can be: no call.</summary>
        public const string TypeName = "Y:";

        /// <summary>A bare name, or a call on <c>this</c> or <c>base</c>: a method of the caller's type, a type it is nested in, their bases, or a type imported by <c>using static</c>.</summary>
        public const string Own = "B:";

        /// <summary>Notes a name declared with a type; a name declared twice with different types is of unknown type (null).</summary>
        public static void Declare(Dictionary<string, string?> names, string name, string? type)
        {
            if (names.TryGetValue(name, out var known) && !string.Equals(known, type, StringComparison.Ordinal)) type = null;
            names[name] = type;
        }

        /// <summary>A declared type as a receiver string; null for <c>var</c>, a type parameter, a tuple or anything else unknown.</summary>
        public static string? OfType(TypeSyntax? type, TypeFacts? declaring, HashSet<string>? typeParameters)
        {
            switch (type)
            {
                case IdentifierNameSyntax id:
                    if (id.IsVar) return null;
                    var name = id.Identifier.ValueText;
                    if ((typeParameters != null && typeParameters.Contains(name)) || (declaring != null && declaring.IsTypeParameter(name))) return null;
                    return "T:" + name;
                case GenericNameSyntax generic:
                    return "T:" + generic.Identifier.ValueText;
                case QualifiedNameSyntax qualified:
                    return OfType(qualified.Right, declaring, typeParameters);
                case AliasQualifiedNameSyntax alias:
                    return OfType(alias.Name, declaring, typeParameters);
                case NullableTypeSyntax nullable:
                    return OfType(nullable.ElementType, declaring, typeParameters);
                case RefTypeSyntax reference:
                    return OfType(reference.Type, declaring, typeParameters);
                case ScopedTypeSyntax scoped:
                    return OfType(scoped.Type, declaring, typeParameters);
                case PredefinedTypeSyntax _:
                case ArrayTypeSyntax _:
                case PointerTypeSyntax _:
                    return Foreign;
                default:
                    return null;
            }
        }

        /// <summary>The receiver of the call whose name is <paramref name="name"/>, from the locals declared before it and the declaration's members.</summary>
        public static string? OfCall(SyntaxToken name, Dictionary<string, string?>? locals, TypeFacts? declaring, HashSet<string>? typeParameters)
        {
            var simple = name.Parent;
            SyntaxNode? type = simple;
            while (type?.Parent is QualifiedNameSyntax q && q.Right == type || type?.Parent is AliasQualifiedNameSyntax a && a.Name == type) type = type.Parent;
            switch (type?.Parent)
            {
                case ObjectCreationExpressionSyntax creation when creation.Type == type:
                case AttributeSyntax attribute when attribute.Name == type:
                case PrimaryConstructorBaseTypeSyntax primary when primary.Type == type:
                    return Creation;
            }
            // `List<int> items`, `typeof(Foo<>)`: a generic type's name where only a type can be, no call.
            if (simple is GenericNameSyntax generic && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsInTypeOnlyContext(generic)) return TypeName;
            if (simple?.Parent is MemberAccessExpressionSyntax access && access.Name == simple && access.IsKind(SyntaxKind.SimpleMemberAccessExpression))
            {
                if (access.Expression is ThisExpressionSyntax || access.Expression is BaseExpressionSyntax) return Own;
                return Of(access.Expression, locals, declaring, typeParameters);
            }
            if (simple?.Parent is InvocationExpressionSyntax invocation && invocation.Expression == simple) return Own;
            if (simple?.Parent is MemberBindingExpressionSyntax binding && binding.Name == simple)
            {
                for (SyntaxNode? n = binding.Parent; n != null; n = n.Parent)
                {
                    if (n is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull.Span.Contains(binding.Span)) return Of(conditional.Expression, locals, declaring, typeParameters);
                }
            }
            return null;
        }

        private static string? Of(ExpressionSyntax expression, Dictionary<string, string?>? locals, TypeFacts? declaring, HashSet<string>? typeParameters)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Of(parenthesized.Expression, locals, declaring, typeParameters);
                case IdentifierNameSyntax id:
                {
                    var text = id.Identifier.ValueText;
                    if (locals != null && locals.TryGetValue(text, out var local)) return local;
                    if (declaring != null && declaring.MemberTypes.TryGetValue(text, out var member)) return member;
                    // The implicit parameters of accessors and top-level statements.
                    if (text == "value" || text == "field" || text == "args") return null;
                    return "I:" + text;
                }
                case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    return Of(suppressed.Operand, locals, declaring, typeParameters);
                case GenericNameSyntax generic:
                    // A generic type's static member (Foo<int>.Create()).
                    return "T:" + generic.Identifier.ValueText;
                case MemberAccessExpressionSyntax access when access.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                {
                    if (access.Expression is ThisExpressionSyntax)
                    {
                        return declaring != null && access.Name is IdentifierNameSyntax n && declaring.MemberTypes.TryGetValue(n.Identifier.ValueText, out var member) ? member : null;
                    }
                    var inner = Of(access.Expression, locals, declaring, typeParameters);
                    if (inner == null) return null;
                    if (inner.Length == 0) return Foreign;
                    if (inner.StartsWith("I:", StringComparison.Ordinal) || inner.StartsWith("J:", StringComparison.Ordinal)) return "J:" + inner.Substring(2);
                    return null;
                }
                case ObjectCreationExpressionSyntax creation:
                    return OfType(creation.Type, declaring, typeParameters);
                case CastExpressionSyntax cast:
                    return OfType(cast.Type, declaring, typeParameters);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AsExpression) && binary.Right is TypeSyntax type:
                    return OfType(type, declaring, typeParameters);
                case PredefinedTypeSyntax _:
                case LiteralExpressionSyntax _:
                case InterpolatedStringExpressionSyntax _:
                    return Foreign;
                default:
                    return null;
            }
        }

        /// <summary>The type a declared name gets, from the node that declares it (the identifier's parent).</summary>
        public static string? OfDeclaration(SyntaxNode? declaration, TypeFacts? declaring, HashSet<string>? typeParameters)
        {
            switch (declaration)
            {
                case VariableDeclaratorSyntax declarator when declarator.Parent is VariableDeclarationSyntax variables:
                    if (variables.Type is IdentifierNameSyntax { IsVar: true })
                    {
                        return declarator.Initializer?.Value switch
                        {
                            ObjectCreationExpressionSyntax creation => OfType(creation.Type, declaring, typeParameters),
                            CastExpressionSyntax cast => OfType(cast.Type, declaring, typeParameters),
                            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AsExpression) && binary.Right is TypeSyntax type => OfType(type, declaring, typeParameters),
                            _ => null,
                        };
                    }
                    return OfType(variables.Type, declaring, typeParameters);
                case ParameterSyntax parameter:
                    return OfType(parameter.Type, declaring, typeParameters);
                case SingleVariableDesignationSyntax designation:
                    return designation.Parent switch
                    {
                        DeclarationPatternSyntax pattern => OfType(pattern.Type, declaring, typeParameters),
                        DeclarationExpressionSyntax expression => OfType(expression.Type, declaring, typeParameters),
                        RecursivePatternSyntax recursive => OfType(recursive.Type, declaring, typeParameters),
                        _ => null,
                    };
                case ForEachStatementSyntax loop:
                    return OfType(loop.Type, declaring, typeParameters);
                case CatchDeclarationSyntax @catch:
                    return OfType(@catch.Type, declaring, typeParameters);
                default:
                    return null;
            }
        }
    }

    /// <summary>The facts of one syntax tree, computed once per tree (trees are shared by the compilations after an edit).</summary>
    internal sealed class TreeFacts
    {
        private static readonly ConditionalWeakTable<SyntaxTree, TreeFacts> Cache = new ConditionalWeakTable<SyntaxTree, TreeFacts>();

        /// <summary>Identifiers that name a descriptor type or API wherever they appear.</summary>
        internal static readonly HashSet<string> KnownIdentifiers = new HashSet<string>(StringComparer.Ordinal)
        {
            "OwnedFd", "BorrowedFd", "IAsFd", "Fd", "Syscall", "Stdlib", "LibC", "UnixStream", "DangerousGetHandle",
            "Stdin", "Stdout", "Stderr", "AcquiresFd", "ReleasesFd", "BorrowsFd", "AcquiresFdAttribute",
            "ReleasesFdAttribute", "BorrowsFdAttribute",
        };

        /// <summary>Names that are descriptor APIs when called: libc's entry points and the runtime's methods.</summary>
        internal static readonly HashSet<string> KnownCalls = BuildKnownCalls();

        private static readonly HashSet<string> FdAttributeNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "AcquiresFd", "ReleasesFd", "BorrowsFd", "AcquiresFdAttribute", "ReleasesFdAttribute", "BorrowsFdAttribute",
        };

        private TreeFacts()
        {
        }

        public List<MemberFacts> Members { get; } = new List<MemberFacts>();
        public List<TypeFacts> Types { get; } = new List<TypeFacts>();
        private Dictionary<TextSpan, MemberFacts> MembersBySpan { get; } = new Dictionary<TextSpan, MemberFacts>();
        private Dictionary<TextSpan, TypeFacts> TypesBySpan { get; } = new Dictionary<TextSpan, TypeFacts>();

        /// <summary>A using static or alias of a known type: its members can be called by bare name anywhere in the tree.</summary>
        public bool ImportsKnownType { get; private set; }

        /// <summary>The same as a global using, which reaches every tree of the compilation.</summary>
        public bool GloballyImportsKnownType { get; private set; }

        /// <summary>Names of the enums and delegates declared here (types with no method bodies of their own).</summary>
        public HashSet<string> OtherTypeNames { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Names of using aliases (`using Bus = Ns.I2cBus;`): such a name may stand for any type.</summary>
        public HashSet<string> AliasNames { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The rightmost names of the types a `using static` of this tree imports: their methods can be called by bare name here.</summary>
        public HashSet<string> StaticImports { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Those of a `global using static`: their methods can be called by bare name in every tree of the compilation.</summary>
        public HashSet<string> GlobalStaticImports { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The identifiers in namespace declarations' names (`A.B` gives A and B).</summary>
        public HashSet<string> NamespaceNames { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

        public static TreeFacts Of(SyntaxTree tree) => Cache.GetValue(tree, ComputeFor);

        /// <summary>The facts these were made from by an edit inside one member (<see cref="Edited"/>), and that member's index.</summary>
        private WeakReference<TreeFacts>? _editedFrom;
        private int _editedMember = -1;

        /// <summary>Whether these facts were made from <paramref name="previous"/> by rescanning only the member at <paramref name="index"/> (every other member moved).</summary>
        public bool IsEditOf(TreeFacts previous, out int index)
        {
            index = _editedMember;
            return _editedFrom != null && _editedFrom.TryGetTarget(out var from) && ReferenceEquals(from, previous)
                && index >= 0 && Members.Count == previous.Members.Count;
        }

        /// <summary>The last tree seen at each path: an edited tree's facts start from its predecessor's.</summary>
        private static readonly ConcurrentDictionary<string, WeakReference<SyntaxTree>> LastByPath = new ConcurrentDictionary<string, WeakReference<SyntaxTree>>(StringComparer.Ordinal);

        private static TreeFacts ComputeFor(SyntaxTree tree)
        {
            TreeFacts? facts = null;
            var path = tree.FilePath;
            if (!string.IsNullOrEmpty(path))
            {
                if (LastByPath.TryGetValue(path, out var weak) && weak.TryGetTarget(out var previous) && previous != tree
                    && Cache.TryGetValue(previous, out var previousFacts))
                {
                    facts = Edited(previousFacts, previous, tree);
                }
                LastByPath[path] = new WeakReference<SyntaxTree>(tree);
            }
            return facts ?? Compute(tree);
        }

        /// <summary>
        /// The facts of a tree that differs from <paramref name="previous"/> only inside one member (the IDE's
        /// edit of a body): that member is scanned again, every other member's facts are moved by the change
        /// in length. Null when the change is not confined to one member whose declaration keeps its shape
        /// (then the whole tree is scanned): the result is always what a full scan gives.
        /// </summary>
        private static TreeFacts? Edited(TreeFacts previousFacts, SyntaxTree previous, SyntaxTree tree)
        {
            var oldText = previous.GetText();
            var newText = tree.GetText();
            var changes = newText.GetChangeRanges(oldText);
            if (changes.Count == 0 || (changes.Count == 1 && changes[0].Span.Length == oldText.Length)) return null;
            int start = int.MaxValue, end = 0, delta = 0;
            foreach (var c in changes)
            {
                start = Math.Min(start, c.Span.Start);
                end = Math.Max(end, c.Span.End);
                delta += c.NewLength - c.Span.Length;
            }
            MemberFacts? target = null;
            foreach (var m in previousFacts.Members)
            {
                if (m.Type != null && !m.IsPrimaryConstructor && m.Span.Start < start && end < m.Span.End) target = m;
            }
            if (target == null) return null;
            var oldNode = MemberAt(previous.GetRoot(), target.Span);
            var newSpan = new TextSpan(target.Span.Start, target.Span.Length + delta);
            var newNode = MemberAt(tree.GetRoot(), newSpan);
            if (oldNode == null || newNode == null || oldNode.RawKind != newNode.RawKind || oldNode.ContainsDirectives || newNode.ContainsDirectives) return null;
            // The type's member types (receivers) come from its field, property and event declarations.
            if (newNode is BaseFieldDeclarationSyntax) return null;
            if (newNode is BasePropertyDeclarationSyntax newProperty && oldNode is BasePropertyDeclarationSyntax oldProperty
                && !newProperty.Type.IsEquivalentTo(oldProperty.Type, topLevel: false)) return null;
            if (!(newNode.Parent is TypeDeclarationSyntax parent) || parent.Span != Moved(target.Type!.Span, start, end, delta)) return null;

            var facts = new TreeFacts
            {
                ImportsKnownType = previousFacts.ImportsKnownType,
                GloballyImportsKnownType = previousFacts.GloballyImportsKnownType,
                OtherTypeNames = previousFacts.OtherTypeNames,
                AliasNames = previousFacts.AliasNames,
                StaticImports = previousFacts.StaticImports,
                GlobalStaticImports = previousFacts.GlobalStaticImports,
                NamespaceNames = previousFacts.NamespaceNames,
            };
            var types = new Dictionary<TypeFacts, TypeFacts>();
            foreach (var t in previousFacts.Types)
            {
                var span = Moved(t.Span, start, end, delta);
                if (span == null) return null;
                var moved = t.Moved(span.Value, t.Enclosing == null ? null : types[t.Enclosing]);
                facts.Types.Add(moved);
                facts.TypesBySpan[moved.Span] = moved;
                types[t] = moved;
            }
            foreach (var m in previousFacts.Members)
            {
                var type = m.Type == null ? null : types[m.Type];
                if (m == target)
                {
                    facts._editedMember = facts.Members.Count;
                    var rescanned = Leaf((MemberDeclarationSyntax)newNode, type);
                    rescanned.Continue(m);
                    facts.Add(rescanned);
                    continue;
                }
                var span = Moved(m.Span, start, end, delta);
                if (span == null) return null;
                facts.Add(m.Moved(span.Value, type));
            }
            facts._editedFrom = new WeakReference<TreeFacts>(previousFacts);
            return facts;
        }

        /// <summary>A span outside the changed range moved by the change; one around it grown; null for one that overlaps it.</summary>
        private static TextSpan? Moved(TextSpan span, int start, int end, int delta)
        {
            if (span.End <= start) return span;
            if (span.Start >= end) return new TextSpan(span.Start + delta, span.Length);
            if (span.Start <= start && end <= span.End) return new TextSpan(span.Start, span.Length + delta);
            return null;
        }

        private static SyntaxNode? MemberAt(SyntaxNode root, TextSpan span)
        {
            if (span.End > root.FullSpan.End) return null;
            for (var n = root.FindNode(span, getInnermostNodeForTie: false); n != null; n = n.Parent)
            {
                if (n.Span == span && n is MemberDeclarationSyntax && !(n is BaseTypeDeclarationSyntax) && !(n is BaseNamespaceDeclarationSyntax)) return n;
                if (n.Span.Length > span.Length) return null;
            }
            return null;
        }


        /// <summary>The facts of the member declaration that contains a code block; null when the block is in nothing indexed.</summary>
        public MemberFacts? Find(SyntaxNode node)
        {
            for (var n = node; n != null; n = n.Parent)
            {
                switch (n)
                {
                    case GlobalStatementSyntax _:
                    case CompilationUnitSyntax _ when n == node:
                        return MembersBySpan.TryGetValue(n.SyntaxTree.GetRoot().Span, out var global) ? global : null;
                    case BaseTypeDeclarationSyntax _:
                    case BaseNamespaceDeclarationSyntax _:
                    case CompilationUnitSyntax _:
                        // A code block of the type itself (a primary constructor's base call): not indexed.
                        return null;
                    case MemberDeclarationSyntax _:
                        if (MembersBySpan.TryGetValue(n.Span, out var facts)) return facts;
                        break;
                }
            }
            return null;
        }

        /// <summary>The member indexed at exactly this span (tests check the index after an edit).</summary>
        internal MemberFacts? FindBySpan(TextSpan span) => MembersBySpan.TryGetValue(span, out var facts) ? facts : null;

        public TypeFacts? FindType(SyntaxNode typeDeclaration) =>
            TypesBySpan.TryGetValue(typeDeclaration.Span, out var facts) ? facts : null;

        private static HashSet<string> BuildKnownCalls()
        {
            var names = new HashSet<string>(StringComparer.Ordinal)
            {
                "AsRawFd", "AsFd", "TryClone", "IntoRawFd", "FromRawFd", "BorrowRaw", "DangerousGetHandle",
            };
            names.UnionWith(LibcTable.AcquireReturn);
            names.UnionWith(LibcTable.AcquireArray.Keys);
            names.UnionWith(LibcTable.ReturnsArgument.Keys);
            names.UnionWith(LibcTable.Close);
            names.UnionWith(LibcTable.TransferFirst);
            names.UnionWith(LibcTable.Use.Keys);
            names.UnionWith(LibcTable.Reads);
            names.UnionWith(LibcTable.Writes);
            names.UnionWith(LibcTable.Copies.Keys);
            names.UnionWith(CloexecTable.EntryPoints);
            return names;
        }

        private static TreeFacts Compute(SyntaxTree tree)
        {
            var facts = new TreeFacts();
            var root = tree.GetRoot();
            if (root is CompilationUnitSyntax unit)
            {
                foreach (var u in unit.Usings) facts.NoteUsing(u);
                MemberFacts? global = null;
                ScanScope? globalScope = null;
                foreach (var member in unit.Members)
                {
                    if (member is GlobalStatementSyntax statement)
                    {
                        // Top-level statements are one body: the compilation unit is its code block.
                        if (global == null)
                        {
                            global = new MemberFacts(unit.Span, null, null);
                            facts.Add(global);
                        }
                        Scan(statement, global, null, globalScope ??= new ScanScope());
                    }
                    else
                    {
                        facts.Visit(member, null);
                    }
                }
            }
            return facts;
        }

        private void NoteUsing(UsingDirectiveSyntax u)
        {
            if (u.Alias != null) AliasNames.Add(u.Alias.Name.Identifier.ValueText);
            if (!u.StaticKeyword.IsKind(SyntaxKind.None) && u.NamespaceOrType is TypeSyntax imported)
            {
                var name = Receivers.OfType(imported, null, null);
                var import = name != null && name.StartsWith("T:", StringComparison.Ordinal) ? name.Substring(2) : Receivers.Unknown;
                StaticImports.Add(import);
                if (!u.GlobalKeyword.IsKind(SyntaxKind.None)) GlobalStaticImports.Add(import);
            }
            if (u.StaticKeyword.IsKind(SyntaxKind.None) && u.Alias == null) return;
            foreach (var token in u.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && KnownIdentifiers.Contains(token.ValueText))
                {
                    ImportsKnownType = true;
                    if (!u.GlobalKeyword.IsKind(SyntaxKind.None)) GloballyImportsKnownType = true;
                    return;
                }
            }
        }

        private void Add(MemberFacts member)
        {
            Members.Add(member);
            MembersBySpan[member.Span] = member;
            member.Type?.Members.Add(member);
        }

        private void Visit(MemberDeclarationSyntax member, TypeFacts? type)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    foreach (var part in ns.Name.DescendantTokens())
                    {
                        if (part.IsKind(SyntaxKind.IdentifierToken)) NamespaceNames.Add(part.ValueText);
                    }
                    foreach (var u in ns.Usings) NoteUsing(u);
                    foreach (var m in ns.Members) Visit(m, type);
                    return;
                case TypeDeclarationSyntax t:
                {
                    string? firstBase = null;
                    if (t.BaseList != null && t.BaseList.Types.Count > 0) firstBase = RightmostName(t.BaseList.Types[0].Type);
                    var typeFacts = new TypeFacts(t.Span, t.Identifier.ValueText, firstBase, type);
                    typeFacts.ImportsOf(this);
                    typeFacts.Note(t);
                    Types.Add(typeFacts);
                    TypesBySpan[t.Span] = typeFacts;
                    if (t.ParameterList != null)
                    {
                        // A primary constructor keeps its parameters.
                        var primary = new MemberFacts(t.ParameterList.Span, t.Identifier.ValueText, typeFacts) { IsPrimaryConstructor = true, IsConstructor = true };
                        NoteSignature(primary, t.ParameterList, null);
                        primary.StoresParameter = primary.Carries;
                        primary.Accepts = Arity.Accepted(t.ParameterList);
                        Add(primary);
                        Scan(t.ParameterList, primary, typeFacts);
                    }
                    foreach (var m in t.Members) Visit(m, typeFacts);
                    return;
                }
                case EnumDeclarationSyntax e:
                    OtherTypeNames.Add(e.Identifier.ValueText);
                    return;
                case DelegateDeclarationSyntax d:
                    OtherTypeNames.Add(d.Identifier.ValueText);
                    return;
            }
            Add(Leaf(member, type));
        }

        /// <summary>The facts of a member that is neither a type nor a namespace.</summary>
        private static MemberFacts Leaf(MemberDeclarationSyntax member, TypeFacts? type)
        {
            string? name = member switch
            {
                MethodDeclarationSyntax m => m.Identifier.ValueText,
                ConstructorDeclarationSyntax c => c.Identifier.ValueText,
                _ => null,
            };
            var facts = new MemberFacts(member.Span, name, type);
            if (member.Parent is InterfaceDeclarationSyntax) facts.Summarizable = false;
            switch (member)
            {
                case MethodDeclarationSyntax m:
                    NoteSignature(facts, m.ParameterList, m.ReturnType);
                    facts.Accepts = Arity.Accepted(m.ParameterList);
                    facts.IsExtension = m.ParameterList.Parameters.Count > 0 && m.ParameterList.Parameters[0].Modifiers.Any(SyntaxKind.ThisKeyword);
                    break;
                case ConstructorDeclarationSyntax c:
                    facts.IsConstructor = !c.Modifiers.Any(SyntaxKind.StaticKeyword);
                    NoteSignature(facts, c.ParameterList, null);
                    facts.Accepts = Arity.Accepted(c.ParameterList);
                    break;
            }
            if (member is BaseMethodDeclarationSyntax declared)
            {
                facts.IsPrivate = (member is MethodDeclarationSyntax || member is ConstructorDeclarationSyntax)
                    && (member.Parent is ClassDeclarationSyntax || member.Parent is StructDeclarationSyntax || member.Parent is RecordDeclarationSyntax)
                    && !(member is MethodDeclarationSyntax { ExplicitInterfaceSpecifier: not null })
                    && IsPrivateAccess(declared.Modifiers);
                foreach (var modifier in declared.Modifiers)
                {
                    switch (modifier.Kind())
                    {
                        case SyntaxKind.VirtualKeyword:
                        case SyntaxKind.AbstractKeyword:
                        case SyntaxKind.OverrideKeyword:
                        case SyntaxKind.PartialKeyword:
                        case SyntaxKind.ExternKeyword:
                            facts.Summarizable = false;
                            break;
                        case SyntaxKind.StaticKeyword:
                            if (member is ConstructorDeclarationSyntax) facts.Summarizable = false;
                            break;
                    }
                }
            }
            Scan(member, facts, type);
            return facts;
        }

        /// <summary>Declared private, or with no accessibility modifier (private in a class or struct).</summary>
        private static bool IsPrivateAccess(SyntaxTokenList modifiers)
        {
            foreach (var modifier in modifiers)
            {
                switch (modifier.Kind())
                {
                    case SyntaxKind.PublicKeyword:
                    case SyntaxKind.InternalKeyword:
                    case SyntaxKind.ProtectedKeyword:
                        return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Sets <see cref="MemberFacts.Carries"/> from the declared types alone: false only when no parameter
        /// and not the return type can hold a descriptor (text, bytes, flags, floating point, their arrays and
        /// spans). Any other type may (an integer, an out or ref integer, int[], an owner, a handle, an object).
        /// </summary>
        private static void NoteSignature(MemberFacts facts, ParameterListSyntax parameters, TypeSyntax? returnType)
        {
            bool carries = returnType != null && TypeCarries(returnType);
            foreach (var p in parameters.Parameters)
            {
                if (carries) break;
                carries = p.Type == null || TypeCarries(p.Type);
            }
            facts.Carries = carries;
        }

        private static bool TypeCarries(TypeSyntax type)
        {
            switch (type)
            {
                case PredefinedTypeSyntax predefined:
                    switch (predefined.Keyword.Kind())
                    {
                        case SyntaxKind.VoidKeyword:
                        case SyntaxKind.BoolKeyword:
                        case SyntaxKind.StringKeyword:
                        case SyntaxKind.CharKeyword:
                        case SyntaxKind.FloatKeyword:
                        case SyntaxKind.DoubleKeyword:
                        case SyntaxKind.DecimalKeyword:
                        case SyntaxKind.ByteKeyword:
                        case SyntaxKind.SByteKeyword:
                        case SyntaxKind.ShortKeyword:
                        case SyntaxKind.UShortKeyword:
                            return false;
                        default:
                            return true;
                    }
                case ArrayTypeSyntax array:
                    return TypeCarries(array.ElementType);
                case NullableTypeSyntax nullable:
                    return TypeCarries(nullable.ElementType);
                case RefTypeSyntax reference:
                    return TypeCarries(reference.Type);
                case GenericNameSyntax generic when generic.TypeArgumentList.Arguments.Count == 1:
                    switch (generic.Identifier.ValueText)
                    {
                        case "Span":
                        case "ReadOnlySpan":
                        case "Memory":
                        case "ReadOnlyMemory":
                            return TypeCarries(generic.TypeArgumentList.Arguments[0]);
                        default:
                            return true;
                    }
                default:
                    return true;
            }
        }

        /// <summary>
        /// The type a target-typed <c>new(...)</c> creates, where the syntax around it declares it: a variable, field, property
        /// or parameter declared with a type, or what the enclosing method, property, indexer or operator returns. Null where
        /// the target is not written there (an argument, an assignment, a lambda's or an async method's result).
        /// </summary>
        private static TypeSyntax? TargetType(ImplicitObjectCreationExpressionSyntax creation)
        {
            SyntaxNode node = creation;
            while (node.Parent is ParenthesizedExpressionSyntax || node.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
            {
                node = node.Parent;
            }
            switch (node.Parent)
            {
                case EqualsValueClauseSyntax clause when clause.Value == node:
                    return clause.Parent switch
                    {
                        VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
                        PropertyDeclarationSyntax property => property.Type,
                        ParameterSyntax parameter => parameter.Type,
                        _ => null,
                    };
                case ReturnStatementSyntax _:
                case ArrowExpressionClauseSyntax _:
                    for (var n = node.Parent.Parent; n != null; n = n.Parent)
                    {
                        switch (n)
                        {
                            case AnonymousFunctionExpressionSyntax _:
                                return null;
                            case LocalFunctionStatementSyntax local:
                                return local.Modifiers.Any(SyntaxKind.AsyncKeyword) ? null : local.ReturnType;
                            case MethodDeclarationSyntax method:
                                return method.Modifiers.Any(SyntaxKind.AsyncKeyword) ? null : method.ReturnType;
                            case OperatorDeclarationSyntax op:
                                return op.ReturnType;
                            case ConversionOperatorDeclarationSyntax conversion:
                                return conversion.Type;
                            case AccessorDeclarationSyntax accessor when !accessor.IsKind(SyntaxKind.GetAccessorDeclaration):
                                return null;
                            case BasePropertyDeclarationSyntax property:
                                return property.Type;
                            case MemberDeclarationSyntax _:
                                return null;
                        }
                    }
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>A called name that is a descriptor API wherever it is called: a known entry point, or a handle type's constructor.</summary>
        private static bool IsKnownCall(string name) => KnownCalls.Contains(name) || name.EndsWith("Handle", StringComparison.Ordinal);

        private static bool IsGeneric(TypeSyntax type) => type switch
        {
            GenericNameSyntax _ => true,
            QualifiedNameSyntax q => IsGeneric(q.Right),
            AliasQualifiedNameSyntax a => IsGeneric(a.Name),
            NullableTypeSyntax n => IsGeneric(n.ElementType),
            RefTypeSyntax r => IsGeneric(r.Type),
            _ => false,
        };

        private static string? RightmostName(TypeSyntax type) => type switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            GenericNameSyntax g => g.Identifier.ValueText,
            QualifiedNameSyntax q => RightmostName(q.Right),
            AliasQualifiedNameSyntax a => RightmostName(a.Name),
            _ => null,
        };

        private static bool IsLocalVariable(SyntaxNode? declaration) => declaration switch
        {
            VariableDeclaratorSyntax declarator => !(declarator.Parent?.Parent is BaseFieldDeclarationSyntax),
            SingleVariableDesignationSyntax _ => true,
            ForEachStatementSyntax _ => true,
            CatchDeclarationSyntax _ => true,
            _ => false,
        };

        /// <summary>Whether the '=' before <paramref name="value"/> initializes or assigns a local variable of the member (not a field, property, element or parameter).</summary>
        private static bool AssignsLocal(SyntaxToken value, ScanScope scope, HashSet<string> parameters)
        {
            var equals = value.GetPreviousToken();
            switch (equals.Parent)
            {
                case EqualsValueClauseSyntax clause:
                    return clause.Parent is VariableDeclaratorSyntax declarator && IsLocalVariable(declarator);
                case AssignmentExpressionSyntax assignment when assignment.Left is IdentifierNameSyntax target:
                    var name = target.Identifier.ValueText;
                    return scope.Variables != null && scope.Variables.Contains(name) && !parameters.Contains(name);
                default:
                    return false;
            }
        }

        /// <summary>
        /// A parameter type for <see cref="MemberFacts.StoresRawParameter"/>: null where it may be an integer that holds a descriptor
        /// (int, uint, long, nint, Int32, UInt32, Int64, IntPtr, or not written); its simple name where it is one name that a using
        /// alias may make such an integer; empty for any other type.
        /// </summary>
        private static string? IntegerOrName(TypeSyntax? type)
        {
            switch (type)
            {
                case null:
                    return null;
                case PredefinedTypeSyntax predefined:
                    var keyword = predefined.Keyword.Kind();
                    return keyword == SyntaxKind.IntKeyword || keyword == SyntaxKind.UIntKeyword || keyword == SyntaxKind.LongKeyword ? null : string.Empty;
                case IdentifierNameSyntax _:
                case QualifiedNameSyntax _:
                case AliasQualifiedNameSyntax _:
                    var name = RightmostName(type);
                    if (name == null || IntegerTypeNames.Contains(name)) return null;
                    return type is IdentifierNameSyntax ? name : string.Empty;
                case RefTypeSyntax reference:
                    return IntegerOrName(reference.Type);
                default:
                    return string.Empty;
            }
        }

        private static void NoteStored(MemberFacts facts, string? typeName)
        {
            if (typeName == null) facts.StoresRawParameter = true;
            else if (typeName.Length > 0 && !(facts.StoredTypeNames ??= new List<string>()).Contains(typeName)) facts.StoredTypeNames.Add(typeName);
        }

        /// <summary>The operand of a cast, parentheses, `checked`, `ref` or `!`: what a conversion or nothing at all stands for in the operation tree.</summary>
        private static ExpressionSyntax? Unwrapped(ExpressionSyntax expression) => expression switch
        {
            ParenthesizedExpressionSyntax p => p.Expression,
            CastExpressionSyntax c => c.Expression,
            CheckedExpressionSyntax c => c.Expression,
            RefExpressionSyntax r => r.Expression,
            PostfixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.SuppressNullableWarningExpression) => u.Operand,
            _ => null,
        };

        private static readonly HashSet<string> IntegerTypeNames = new HashSet<string>(StringComparer.Ordinal) { "nint", "IntPtr", "Int32", "UInt32", "Int64" };

        /// <summary>
        /// Whether a returned expression may be a field's value once casts, parentheses, `!`, `ref` and `checked` are taken away:
        /// a name or a member access, or any expression not known here to be something else (a literal, a call, an operator ...).
        /// </summary>
        private static bool MayBeName(ExpressionSyntax expression)
        {
            while (Unwrapped(expression) is ExpressionSyntax inner) expression = inner;
            return !(expression is LiteralExpressionSyntax || expression is InvocationExpressionSyntax || expression is BaseObjectCreationExpressionSyntax
                || expression is BinaryExpressionSyntax || expression is InterpolatedStringExpressionSyntax || expression is ConditionalExpressionSyntax
                || expression is ElementAccessExpressionSyntax || expression is ConditionalAccessExpressionSyntax || expression is AnonymousFunctionExpressionSyntax
                || expression is ArrayCreationExpressionSyntax || expression is ImplicitArrayCreationExpressionSyntax || expression is TupleExpressionSyntax
                || expression is DefaultExpressionSyntax || expression is TypeOfExpressionSyntax || expression is SizeOfExpressionSyntax
                || expression is IsPatternExpressionSyntax || expression is SwitchExpressionSyntax || expression is AwaitExpressionSyntax
                || expression is InstanceExpressionSyntax || expression is ThrowExpressionSyntax || expression is PrefixUnaryExpressionSyntax
                || expression is PostfixUnaryExpressionSyntax || expression is AssignmentExpressionSyntax || expression is AnonymousObjectCreationExpressionSyntax
                || expression is StackAllocArrayCreationExpressionSyntax || expression is ImplicitStackAllocArrayCreationExpressionSyntax
                || expression is InitializerExpressionSyntax || expression is QueryExpressionSyntax);
        }

        /// <summary>One pass over the member's tokens.</summary>
        /// <summary>The names a scan has seen declared so far (locals, parameters, pattern and range variables) and the type parameters.</summary>
        private sealed class ScanScope
        {
            public Dictionary<string, string?>? Locals;
            public HashSet<string>? TypeParameters;

            /// <summary>The local variables among them (declared in a statement, a pattern, a loop or a catch): storing into one keeps nothing.</summary>
            public HashSet<string>? Variables;

            public void Declare(string name, string? type) => Receivers.Declare(Locals ??= new Dictionary<string, string?>(StringComparer.Ordinal), name, type);
        }

        private static void Scan(SyntaxNode member, MemberFacts facts, TypeFacts? type, ScanScope? scope = null)
        {
            scope ??= new ScanScope();
            if (member is BaseMethodDeclarationSyntax method)
            {
                foreach (var modifier in method.Modifiers)
                {
                    if (modifier.IsKind(SyntaxKind.ExternKeyword)) facts.IsExternBinding = true;
                }
            }
            HashSet<string>? parameters = null;
            // The parameters whose type can hold a descriptor: to null for an integer (or untyped) one, else to its type's simple name.
            Dictionary<string, string?>? carrying = null;
            string? pending = null;      // an identifier whose next token decides whether it is called
            SyntaxToken pendingToken = default;
            bool afterNew = false;       // inside the type name of an object creation
            bool newParen = false;       // `new(` seen: the next token tells whether it has arguments
            bool afterAssign = false;    // the previous token was '='
            bool openedAfterAssign = false; // '=' then only '(' or 'ref' since
            SyntaxKind previous = SyntaxKind.None;
            foreach (var token in member.DescendantTokens())
            {
                var kind = token.Kind();
                if (pending != null)
                {
                    if (kind == SyntaxKind.OpenParenToken || kind == SyntaxKind.LessThanToken)
                    {
                        facts.AddCall(pending, Arity.OfCall(pendingToken), Receivers.OfCall(pendingToken, scope.Locals, type, scope.TypeParameters));
                        if (IsKnownCall(pending)) facts.MentionsKnown = true;
                        if (OwnershipTable.IsStoringMethodName(pending)) facts.KeepsGeneric = true;
                        if (afterNew && kind == SyntaxKind.LessThanToken) facts.KeepsGeneric = true;
                    }
                    pending = null;
                    if (kind != SyntaxKind.DotToken) afterNew = false;
                }
                if (newParen)
                {
                    newParen = false;
                    if (kind != SyntaxKind.CloseParenToken)
                    {
                        // new(fd, true): the type is whatever the target is; it may be a descriptor wrapper.
                        facts.KeepsGeneric = true;
                        facts.MentionsKnown = true;
                    }
                }
                switch (kind)
                {
                    case SyntaxKind.IdentifierToken:
                    {
                        var text = token.ValueText;
                        if (KnownIdentifiers.Contains(text)) facts.MentionsKnown = true;
                        var parent = token.Parent;
                        if (!(parent is SimpleNameSyntax))
                        {
                            // It declares the name (a local, parameter, pattern or range variable, a type parameter ...).
                            if (parent is TypeParameterSyntax) (scope.TypeParameters ??= new HashSet<string>(StringComparer.Ordinal)).Add(text);
                            scope.Declare(text, parent is TypeParameterSyntax ? null : Receivers.OfDeclaration(parent, type, scope.TypeParameters));
                            if (IsLocalVariable(parent)) (scope.Variables ??= new HashSet<string>(StringComparer.Ordinal)).Add(text);
                        }
                        if (parent is ParameterSyntax parameter)
                        {
                            (parameters ??= new HashSet<string>(StringComparer.Ordinal)).Add(text);
                            // A parameter whose type can hold no descriptor (text, flags, bytes ...) keeps none wherever it is stored.
                            if (parameter.Type == null || TypeCarries(parameter.Type)) (carrying ??= new Dictionary<string, string?>(StringComparer.Ordinal))[text] = IntegerOrName(parameter.Type);
                        }
                        else if (openedAfterAssign && carrying != null && carrying.TryGetValue(text, out var typeName))
                        {
                            bool stores = afterAssign && !AssignsLocal(token, scope, parameters!);
                            if (stores) facts.StoresParameter = true;
                            // `_fd = (fd)` and `_fd = ref fd` store the parameter too: the flow analysis's test sees through them.
                            if (stores || !afterAssign) NoteStored(facts, typeName);
                        }
                        if (text == "Handle") facts.NamesHandle = true;
                        if (parent is IdentifierNameSyntax && parent.Parent is AttributeSyntax || parent?.Parent is QualifiedNameSyntax && parent.Parent.Parent is AttributeSyntax)
                        {
                            if (FdAttributeNames.Contains(text)) facts.HasFdAttribute = true;
                            if (text == "LibraryImport" || text == "LibraryImportAttribute") facts.IsExternBinding = true;
                        }
                        // A declaration's own name before its parameter list is not a call.
                        if (!(parent is BaseMethodDeclarationSyntax || parent is LocalFunctionStatementSyntax || parent is DelegateDeclarationSyntax))
                        {
                            pending = text;
                            pendingToken = token;
                        }
                        break;
                    }
                    case SyntaxKind.NewKeyword:
                        if (token.Parent is ObjectCreationExpressionSyntax) afterNew = true;
                        else if (token.Parent is ImplicitObjectCreationExpressionSyntax implicitCreation)
                        {
                            // `Point p = new(1, 2);`, `return new(fd, true);`: a creation of the target type where the syntax
                            // tells it, as `new Point(1, 2)` is; where it does not (an argument, a lambda's result), any type.
                            var targetType = TargetType(implicitCreation);
                            var target = Receivers.OfType(targetType, type, scope.TypeParameters);
                            if (target == null) newParen = true;
                            else if (target.StartsWith("T:", StringComparison.Ordinal))
                            {
                                var created = target.Substring(2);
                                facts.AddCall(created, Arity.Of(implicitCreation.ArgumentList.Arguments.Count), Receivers.Creation);
                                if (IsKnownCall(created)) facts.MentionsKnown = true;
                                if (IsGeneric(targetType!)) facts.KeepsGeneric = true;
                            }
                        }
                        break;
                    case SyntaxKind.ReturnKeyword:
                        if (token.Parent is ReturnStatementSyntax { Expression: ExpressionSyntax returned } && MayBeName(returned)) facts.ReturnsName = true;
                        else if (token.Parent is YieldStatementSyntax { Expression: ExpressionSyntax yielded } && MayBeName(yielded)) facts.ReturnsName = true;
                        break;
                    case SyntaxKind.EqualsGreaterThanToken:
                        if (token.Parent is ArrowExpressionClauseSyntax arrow && MayBeName(arrow.Expression)) facts.ReturnsName = true;
                        else if (token.Parent is LambdaExpressionSyntax { ExpressionBody: ExpressionSyntax body } && MayBeName(body)) facts.ReturnsName = true;
                        break;
                    case SyntaxKind.FromKeyword:
                        // A query's clauses are lambdas returning their expressions, and calls of Select, Where ...
                        if (token.Parent is FromClauseSyntax) facts.ReturnsName = facts.CallsImplicitly = true;
                        break;
                    case SyntaxKind.OpenBraceToken:
                        if (token.Parent is InitializerExpressionSyntax initializer && initializer.IsKind(SyntaxKind.CollectionInitializerExpression)) facts.CallsImplicitly = true;
                        break;
                    case SyntaxKind.OpenParenToken:
                        if (previous == SyntaxKind.ThisKeyword && token.Parent?.Parent is ConstructorInitializerSyntax self && type != null)
                        {
                            facts.AddCall(type.Name, Arity.Of(self.ArgumentList.Arguments.Count), Receivers.Creation);
                        }
                        else if (previous == SyntaxKind.BaseKeyword && token.Parent?.Parent is ConstructorInitializerSyntax @base && type?.FirstBase != null)
                        {
                            facts.AddCall(type.FirstBase, Arity.Of(@base.ArgumentList.Arguments.Count), Receivers.Creation);
                        }
                        break;
                }
                openedAfterAssign = kind == SyntaxKind.EqualsToken || (openedAfterAssign && (kind == SyntaxKind.OpenParenToken || kind == SyntaxKind.RefKeyword));
                afterAssign = kind == SyntaxKind.EqualsToken;
                previous = kind;
            }
        }
    }
}
