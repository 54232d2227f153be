using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// The per-compilation pre-pass: which bodies can matter, decided from syntax facts and a few symbols
    /// before any operation tree or control-flow graph is built.
    /// <list type="bullet">
    /// <item>A body <em>names a descriptor API</em> when it mentions a known descriptor type or calls a
    /// known entry point (<see cref="TreeFacts.KnownIdentifiers"/>, <see cref="TreeFacts.KnownCalls"/>,
    /// a SafeHandle wrapper's constructor), a libc binding or fd-attributed method of the compilation, a
    /// method named in the fdsafety.*_methods options or one of a referenced library built on
    /// FdSafety.Runtime — or calls, by name, a method of the compilation that does (transitively).</item>
    /// <item>Those are the bodies analyzed for findings, with the bodies of their types that store a
    /// parameter (a descriptor field's constructor).</item>
    /// <item>Summaries are computed for the compilation's methods that name a descriptor API, keep a
    /// parameter or a generic argument, or call one that does, and whose syntax may act on what the flow
    /// analysis tracks (<see cref="CloseActing"/>); any other method's summary is "does nothing with
    /// descriptors" without binding its body.</item>
    /// </list>
    /// A call by name stands for every method of that name it can bind to as far as the syntax tells — an
    /// over-approximation, so no body that can matter is skipped:
    /// <list type="bullet">
    /// <item>one that accepts the call's argument count and is visible to the caller (a private one only inside its type);</item>
    /// <item>by what the call is made on (<see cref="Receivers"/>): an object creation or constructor initializer only a
    /// constructor, any other call never one; a receiver declared with a type only a method of that type or its bases; a bare
    /// name, <c>this</c> or <c>base</c> only a method of the caller's types, the types they are nested in, their bases or a
    /// <c>using static</c> import of its file (or a global one); a value or type of another assembly only an extension method; a receiver the syntax does
    /// not tell (a call's result, an implicitly typed lambda parameter, a type parameter, an alias ...) any;</item>
    /// <item>only methods whose calls get summaries pass their relevance on to their callers (a call of a virtual,
    /// abstract, override, partial or interface method is unknown to the flow analysis).</item>
    /// </list>
    /// Tree facts are cached per syntax tree (an edited tree's from its predecessor's); the closure is taken over from the
    /// compilation before an edit that changes nothing it reads, and computed again otherwise.
    /// </summary>
    internal sealed class Relevance
    {
        private readonly Closure _closure;
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _typesNaming = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        /// <summary>
        /// The closure last computed for a compilation of each assembly name, with what it was computed from: the next compilation
        /// (the IDE's, after an edit inside one member) reuses it when nothing it depends on changed.
        /// </summary>
        private static readonly ConcurrentDictionary<string, Snapshot> Last = new ConcurrentDictionary<string, Snapshot>(StringComparer.Ordinal);

        /// <summary>Which calls can bind to which members (the closures' edges).</summary>
        internal ReceiverNames Binding => _closure.Receivers;

        /// <summary>Whether this closure was taken over from the compilation before an edit (tests check the reuse).</summary>
        internal bool Reused { get; }

        public Relevance(Compilation compilation, Func<SyntaxTree, OwnershipTable> tables)
        {
            // The token scan of the trees is most of the pre-pass, and every other callback of the analyzers waits for it:
            // the trees are scanned side by side (each on its own, so the facts and their order do not depend on the threads).
            var trees = compilation.SyntaxTrees.AsParallel().AsOrdered().Select(t => (Tree: t, Facts: TreeFacts.Of(t))).ToList();
            var treeFacts = trees.Select(t => t.Facts).ToList();
            var references = compilation.References.ToList();

            // Names of methods the options make descriptor APIs.
            var optionNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (tree, _) in trees)
            {
                var options = tables(tree).Options;
                if (options.IsEmpty) continue;
                foreach (var id in options.AcquireMethods.Concat(options.ReleaseMethods).Concat(options.BorrowMethods))
                {
                    var name = NameOfId(id);
                    if (name != null) optionNames.Add(name);
                }
            }

            var key = compilation.AssemblyName ?? string.Empty;
            if (Last.TryGetValue(key, out var last) && last.Reuse(treeFacts, references, optionNames))
            {
                _closure = last.Closure;
                Reused = true;
                Last[key] = new Snapshot(treeFacts, references, optionNames, _closure);
                return;
            }

            _closure = new Closure(treeFacts.Any(t => t.GloballyImportsKnownType), new ReceiverNames(treeFacts));
            static bool Carries(MemberFacts m) => m.Carries;

            // Names that are descriptor APIs in this compilation, beyond the fixed ones.
            var extraNames = new HashSet<string>(optionNames, StringComparer.Ordinal);
            _closure.BindingNames.UnionWith(optionNames);
            foreach (var (tree, facts) in trees)
            {
                foreach (var member in facts.Members)
                {
                    if (member.DeclaredName == null) continue;
                    if (member.HasFdAttribute) extraNames.Add(member.DeclaredName);
                    else if (member.IsExternBinding && IsLibcBinding(compilation, tree, member))
                    {
                        extraNames.Add(member.DeclaredName);
                        _closure.BindingNames.Add(member.DeclaredName);
                    }
                }
            }
            foreach (var name in SafeHandleTypeNames(treeFacts)) extraNames.Add(name);
            foreach (var name in DescriptorLibraryNames(compilation)) extraNames.Add(name);

            // Who calls each name; then the closures.
            var callers = new Dictionary<string, List<MemberFacts>>(StringComparer.Ordinal);
            var naming = new Queue<MemberFacts>();
            var keeping = new Queue<MemberFacts>();
            foreach (var (_, facts) in trees)
            {
                foreach (var member in facts.Members)
                {
                    foreach (var call in member.Calls.Keys)
                    {
                        if (!callers.TryGetValue(call, out var list)) callers[call] = list = new List<MemberFacts>();
                        list.Add(member);
                    }
                    // A member named like a descriptor API of the compilation is one (an fd-attributed or option-named
                    // method, a binding, a SafeHandle type's constructor), whatever its body calls.
                    bool names = _closure.Everything || facts.ImportsKnownType || member.MentionsKnown || member.CallsAny(extraNames)
                        || (member.DeclaredName != null && extraNames.Contains(member.DeclaredName));
                    if (names && _closure.Names.Add(member)) naming.Enqueue(member);
                    if ((names || member.StoresParameter || member.KeepsGeneric) && _closure.Summarized.Add(member)) keeping.Enqueue(member);
                }
            }
            Close(naming, _closure.Names, callers, Carries, _closure.Receivers);

            // A member that stores a parameter, in a type whose code names a descriptor API, may keep it in a
            // descriptor member: the parameter then carries a descriptor, and so do its callers' arguments
            // (`: base(fd)`, `new Bus(fd)`).
            var storing = new Queue<MemberFacts>();
            foreach (var (_, facts) in trees)
            {
                foreach (var member in facts.Members)
                {
                    if (member.StoresParameter && member.Type != null && member.Type.Members.Any(m => _closure.Names.Contains(m)) && _closure.Names.Add(member)) storing.Enqueue(member);
                }
            }
            Close(storing, _closure.Names, callers, Carries, _closure.Receivers);
            Close(keeping, _closure.Summarized, callers, Carries, _closure.Receivers);

            // Members that reach a member naming a descriptor API through calls of their own types' members by bare name
            // (`Dispose() => Dispose(true)`, `Stop() { Cleanup(); }`): whatever the signatures carry, they may close or use a
            // descriptor field the type keeps.
            var reaching = new Queue<MemberFacts>(_closure.Names);
            _closure.OwnReach.UnionWith(_closure.Names);
            while (reaching.Count > 0)
            {
                var member = reaching.Dequeue();
                if (member.DeclaredName == null || !callers.TryGetValue(member.DeclaredName, out var list)) continue;
                foreach (var caller in list)
                {
                    if (!_closure.OwnReach.Contains(caller) && _closure.Receivers.MayBindOwn(caller, member))
                    {
                        _closure.OwnReach.Add(caller);
                        reaching.Enqueue(caller);
                    }
                }
            }
            CloseActing(callers);
            Last[key] = new Snapshot(treeFacts, references, optionNames, _closure);
        }

        /// <summary>
        /// The members whose bodies, once bound, may do something the flow analysis tracks (<see cref="Closure.Acting"/>): those
        /// that name a descriptor API, and those whose syntax may hold one of the other things it looks for before analyzing a
        /// body — a call of Dispose or Close, of a storing method or a generic constructor, of a constructor of a handle type
        /// (a name with Handle in it, or an alias), an integer parameter kept in a field or property, a returned name (a
        /// descriptor field's number), the name Handle (a socket's), calls written without a name — and every member that calls
        /// one of them by a name that may bind to it (only summarized members are looked at). A summarized member that is none
        /// of these does nothing with descriptors whatever its body holds, so its summary is "nothing" without binding it.
        /// </summary>
        private void CloseActing(Dictionary<string, List<MemberFacts>> callers)
        {
            // Only summarized members matter: any other one's summary is "nothing" whatever its body does, so calling it gives a
            // caller nothing either. (The closure is a set: the order members are taken in does not change it.)
            var summarized = _closure.Summarized;
            var acting = _closure.Acting;
            var queue = new Queue<MemberFacts>();
            foreach (var member in summarized)
            {
                if ((_closure.Names.Contains(member) || MayAct(member)) && acting.Add(member)) queue.Enqueue(member);
            }
            // A call reaches a caller through a member whose calls get summaries, or one whose own signature names a descriptor
            // type (a virtual method taking a BorrowedFd is a use of its argument by its signature alone).
            var done = new HashSet<(string, ulong, bool, string?, bool, bool)>();
            while (queue.Count > 0)
            {
                var member = queue.Dequeue();
                if (member.DeclaredName == null || !(member.Summarizable || member.MentionsKnown)
                    || !done.Add((member.DeclaredName, member.Accepts, member.IsPrivate, member.Type?.Name, member.IsExtension, member.IsConstructor))) continue;
                if (!callers.TryGetValue(member.DeclaredName, out var list)) continue;
                foreach (var caller in list)
                {
                    if (!acting.Contains(caller) && summarized.Contains(caller) && _closure.Receivers.MayBind(caller, member) && acting.Add(caller)) queue.Enqueue(caller);
                }
            }
        }

        /// <summary>Whether the member's own syntax may hold something the flow analysis's first test of a bound body looks for, beside the descriptor APIs.</summary>
        private bool MayAct(MemberFacts member)
        {
            if (member.StoresRawParameter || member.ReturnsName || member.NamesHandle || member.CallsImplicitly || member.KeepsGeneric) return true;
            if (member.StoredTypeNames != null && member.StoredTypeNames.Any(_closure.Receivers.IsAlias)) return true;
            foreach (var pair in member.Calls)
            {
                var name = pair.Key;
                if (string.Equals(name, "Dispose", StringComparison.Ordinal) || string.Equals(name, "Close", StringComparison.Ordinal)) return true;
                if (pair.Value.HasReceiver(Receivers.Creation) && (name.IndexOf("Handle", StringComparison.Ordinal) >= 0 || _closure.Receivers.IsAlias(name))) return true;
            }
            return false;
        }

        /// <summary>What the pre-pass decided for one compilation; it holds member facts, never symbols or syntax.</summary>
        private sealed class Closure
        {
            public Closure(bool everything, ReceiverNames receivers)
            {
                Everything = everything;
                Receivers = receivers;
            }

            /// <summary>Everything matters: a global using imports a descriptor type.</summary>
            public bool Everything { get; }

            /// <summary>Which calls can bind to which members (the closures' edges).</summary>
            public ReceiverNames Receivers { get; }

            /// <summary>Members that name a descriptor API, or call one that does.</summary>
            public HashSet<MemberFacts> Names { get; } = new HashSet<MemberFacts>(MemberFacts.ByLineage);

            /// <summary>Members whose summaries are computed from their bodies.</summary>
            public HashSet<MemberFacts> Summarized { get; } = new HashSet<MemberFacts>(MemberFacts.ByLineage);

            /// <summary>Members whose bodies may do something the flow analysis tracks (<see cref="CloseActing"/>).</summary>
            public HashSet<MemberFacts> Acting { get; } = new HashSet<MemberFacts>(MemberFacts.ByLineage);

            /// <summary>Members that reach one of <see cref="Names"/> through bare-name calls of their own types' members.</summary>
            public HashSet<MemberFacts> OwnReach { get; } = new HashSet<MemberFacts>(MemberFacts.ByLineage);

            /// <summary>Names of libc bindings and option-named methods.</summary>
            public HashSet<string> BindingNames { get; } = new HashSet<string>(StringComparer.Ordinal);
        }

        /// <summary>
        /// A closure and what it was computed from: the trees' facts, the references, the option-named methods. Its
        /// sets hold member facts, never symbols or syntax, so it keeps no compilation alive.
        /// </summary>
        private sealed class Snapshot
        {
            private readonly List<TreeFacts> _trees;
            private readonly List<MetadataReference> _references;
            private readonly HashSet<string> _optionNames;

            public Snapshot(List<TreeFacts> trees, List<MetadataReference> references, HashSet<string> optionNames, Closure closure)
            {
                _trees = trees;
                _references = references;
                _optionNames = optionNames;
                Closure = closure;
            }

            public Closure Closure { get; }

            /// <summary>
            /// Whether a compilation with these trees has this closure: the same references and option names, and the same
            /// trees' facts but for at most one tree edited inside one member whose facts the closure reads are the same as
            /// before (a body edit that adds or removes no call, no descriptor name, no store: the member's facts continue its
            /// lineage, and the closure's sets, which compare members by lineage, hold the edited tree's members as well).
            /// </summary>
            public bool Reuse(List<TreeFacts> trees, List<MetadataReference> references, HashSet<string> optionNames)
            {
                if (trees.Count != _trees.Count || references.Count != _references.Count || !optionNames.SetEquals(_optionNames)) return false;
                for (int i = 0; i < references.Count; i++)
                {
                    if (!ReferenceEquals(references[i], _references[i])) return false;
                }
                int edited = -1;
                for (int i = 0; i < trees.Count; i++)
                {
                    if (ReferenceEquals(trees[i], _trees[i])) continue;
                    if (edited >= 0) return false;
                    edited = i;
                }
                if (edited < 0) return true;
                var before = _trees[edited];
                var now = trees[edited];
                return now.IsEditOf(before, out var index) && ReferenceEquals(now.Members[index].Lineage, before.Members[index].Lineage);
            }
        }

        /// <summary>
        /// Everything that calls a member of the set is in the set: by name, with an argument count the member accepts,
        /// from where the member is visible — through members whose calls get
        /// a summary and whose signature can carry a descriptor (any other member's summary is "nothing", so
        /// calling it gives the caller nothing to track).
        /// </summary>
        private static void Close(Queue<MemberFacts> queue, HashSet<MemberFacts> set, Dictionary<string, List<MemberFacts>> callers, Func<MemberFacts, bool> carries, ReceiverNames receivers)
        {
            // Members that share a name, the argument counts they accept and (a private one) their type have the same callers.
            // (Which calls bind to a member depends on its type's name too: a call on a typed receiver or by bare name reaches
            // only some types' members.)
            var done = new HashSet<(string, ulong, bool, string?, bool, bool)>();
            while (queue.Count > 0)
            {
                var member = queue.Dequeue();
                if (member.DeclaredName == null || !member.Summarizable || !carries(member)
                    || !done.Add((member.DeclaredName, member.Accepts, member.IsPrivate, member.Type?.Name, member.IsExtension, member.IsConstructor))) continue;
                if (!callers.TryGetValue(member.DeclaredName, out var list)) continue;
                foreach (var caller in list)
                {
                    // A call with an argument count the member does not accept, or from outside the type of a private
                    // member, binds to another method of that name.
                    if (!receivers.MayBind(caller, member)) continue;
                    if (set.Add(caller)) queue.Enqueue(caller);
                }
            }
        }

        /// <summary>Names of libc bindings and option-named methods: calls to them may be FDS0007 / FDS0009 sites.</summary>
        public bool IsBindingName(string name) => _closure.BindingNames.Contains(name);

        /// <summary>Whether a code block is analyzed for findings.</summary>
        public bool MayReport(SyntaxNode codeBlock, ISymbol? owner)
        {
            // Initializers of enum members, fields and properties are no bodies: the flow analysis has nothing to run on.
            if (codeBlock is EnumMemberDeclarationSyntax || codeBlock is BaseFieldDeclarationSyntax || codeBlock is PropertyDeclarationSyntax) return false;
            if (_closure.Everything) return true;
            var facts = TreeFacts.Of(codeBlock.SyntaxTree).Find(codeBlock);
            if (facts == null) return true;
            if (_closure.Names.Contains(facts)) return true;
            // A member that callers may call after another (Dispose after Close) and that calls, by bare name, members of its
            // types that reach a descriptor API: it may close a descriptor field through a member the name closure does not
            // follow (a virtual Dispose(bool), a helper whose signature carries nothing).
            if (owner is IMethodSymbol member && member.MethodKind == MethodKind.Ordinary && !member.IsStatic && member.DeclaredAccessibility != Accessibility.Private
                && _closure.OwnReach.Contains(facts) && member.ContainingType is INamedTypeSymbol declaring && CompilationAnalysis.HasDescriptorFields(declaring) && TypeNames(declaring))
            {
                return true;
            }
            // A method or getter of a type with descriptor fields that returns a raw integer: it may hand a
            // descriptor field's number out of the type (FDS0004 on `int Handle => _fd;`).
            if (owner is IMethodSymbol getter && (getter.MethodKind == MethodKind.Ordinary || getter.MethodKind == MethodKind.PropertyGet)
                && OwnershipTable.IsRawFdType(getter.ReturnType) && getter.ContainingType is INamedTypeSymbol holder
                && CompilationAnalysis.HasDescriptorFields(holder) && TypeNames(holder) && ReturnsFieldByName(codeBlock, holder))
            {
                return true;
            }
            // A constructor or setter that stores its parameter in a field of a type whose other members
            // use that field as a descriptor: the parameter carries one (FDS0004).
            return facts.StoresParameter && owner?.ContainingType is INamedTypeSymbol type && TypeNames(type);
        }

        /// <summary>Whether the block returns (`return _fd;`, `=> this._fd`) a name that is an integer field of its type: from syntax.</summary>
        private static bool ReturnsFieldByName(SyntaxNode codeBlock, INamedTypeSymbol type)
        {
            foreach (var node in codeBlock.DescendantNodesAndSelf())
            {
                var returned = node switch
                {
                    ReturnStatementSyntax r => r.Expression,
                    ArrowExpressionClauseSyntax a => a.Expression,
                    _ => null,
                };
                while (returned is ParenthesizedExpressionSyntax p) returned = p.Expression;
                if (returned is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access) returned = access.Name;
                if (returned is IdentifierNameSyntax name
                    && type.GetMembers(name.Identifier.ValueText).Any(m => m is IFieldSymbol f && OwnershipTable.IsRawFdType(f.Type)))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Whether a method's summary needs its body analyzed; otherwise it does nothing with descriptors.</summary>
        /// <remarks>Under <see cref="CompilationAnalysis.VerifyActing"/> the acting test is left out, so that what it would rule out is bound and checked.</remarks>
        public bool MaySummarize(SyntaxNode declaration) =>
            Holds(_closure.Summarized, declaration) && (CompilationAnalysis.VerifyActing || MayActOn(declaration));

        /// <summary>Whether the member may act by <see cref="Closure.Acting"/> (tests and the verification of the pre-pass ask).</summary>
        internal bool MayActOn(SyntaxNode declaration) => Holds(_closure.Acting, declaration);

        /// <summary>Whether a closure's set holds the member declared there; a compilation where everything matters, or a declaration without facts, always.</summary>
        private bool Holds(HashSet<MemberFacts> set, SyntaxNode declaration)
        {
            if (_closure.Everything) return true;
            var facts = TreeFacts.Of(declaration.SyntaxTree).Find(declaration);
            return facts == null || set.Contains(facts);
        }

        /// <summary>Whether the member declaration around a code block calls any name the filter accepts (a cheap test before looking at calls).</summary>
        public static bool MayCall(SyntaxNode codeBlock, Func<string, bool> name)
        {
            var facts = TreeFacts.Of(codeBlock.SyntaxTree).Find(codeBlock);
            if (facts == null) return true;
            foreach (var call in facts.Calls.Keys)
            {
                if (name(call)) return true;
            }
            return false;
        }

        /// <summary>The invocations in a code block whose called name the filter accepts (the syntax test before binding a call).</summary>
        public static IEnumerable<InvocationExpressionSyntax> CallsNamed(SyntaxNode codeBlock, Func<string, bool> name)
        {
            if (!MayCall(codeBlock, name)) yield break;
            foreach (var node in codeBlock.DescendantNodes())
            {
                if (!(node is InvocationExpressionSyntax invocation)) continue;
                var called = CalledName(invocation.Expression);
                if (called == null || name(called)) yield return invocation;
            }
        }

        private static string? CalledName(ExpressionSyntax expression) => expression switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>Whether any body of the type can be analyzed for findings.</summary>
        public bool TypeMayMatter(INamedTypeSymbol type) => _closure.Everything || TypeNames(type);

        private bool TypeNames(INamedTypeSymbol type) =>
            _typesNaming.GetOrAdd(type, t =>
            {
                if (t.DeclaringSyntaxReferences.IsEmpty) return true;
                foreach (var reference in t.DeclaringSyntaxReferences)
                {
                    var declaration = TreeFacts.Of(reference.SyntaxTree).FindType(reference.GetSyntax());
                    if (declaration == null || declaration.Members.Any(m => _closure.Names.Contains(m))) return true;
                }
                return false;
            });

        private static bool IsLibcBinding(Compilation compilation, SyntaxTree tree, MemberFacts member)
        {
#pragma warning disable RS1030 // One declaration's symbol, from the compilation's (shared) semantic model; no body is bound.
            var model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            var node = tree.GetRoot().FindNode(member.Span, getInnermostNodeForTie: false);
            var declaration = node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Span == member.Span);
            if (declaration == null) return true;
            var symbol = model.GetDeclaredSymbol(declaration);
            return !(symbol is IMethodSymbol method) || OwnershipTable.IsLibcMethod(method, out _);
        }

        /// <summary>M:Ns.Type.Name(args) → Name; the type's name for #ctor.</summary>
        private static string? NameOfId(string id)
        {
            var text = id;
            int paren = text.IndexOf('(');
            if (paren >= 0) text = text.Substring(0, paren);
            int colon = text.IndexOf(':');
            if (colon >= 0) text = text.Substring(colon + 1);
            var parts = text.Split('.');
            if (parts.Length == 0) return null;
            var last = parts[parts.Length - 1];
            if (last == "#ctor" && parts.Length >= 2) last = parts[parts.Length - 2];
            int tick = last.IndexOf('`');
            if (tick >= 0) last = last.Substring(0, tick);
            return last.Length == 0 ? null : last;
        }

        /// <summary>Source types that derive (by their base list's names) from a SafeHandle: creating one from a number wraps a descriptor.</summary>
        private static IEnumerable<string> SafeHandleTypeNames(IEnumerable<TreeFacts> trees)
        {
            var types = trees.SelectMany(t => t.Types).Where(t => t.FirstBase != null).ToList();
            var names = new HashSet<string>(StringComparer.Ordinal);
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var t in types)
                {
                    var b = t.FirstBase!;
                    if ((b.EndsWith("Handle", StringComparison.Ordinal) || b.EndsWith("Invalid", StringComparison.Ordinal) || names.Contains(b)) && names.Add(t.Name))
                    {
                        changed = true;
                    }
                }
            }
            return names;
        }

        /// <summary>
        /// The compilation's type, member and namespace names, which tell what a <see cref="Receivers"/> string can be:
        /// a name that is none of them is of another assembly, and a call on a value of another assembly's type (or on
        /// such a type) binds to that assembly's methods or to an extension method, never to a source method of another
        /// name's type.
        /// </summary>
        internal sealed class ReceiverNames
        {
            private readonly HashSet<string> _types = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> _aliases = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> _globalStaticImports = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> _anyStaticImports = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> _others = new HashSet<string>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<TypeFacts>> _declarations = new Dictionary<string, List<TypeFacts>>(StringComparer.Ordinal);
            private readonly HashSet<string> _genericBased = new HashSet<string>(StringComparer.Ordinal);
            private readonly Dictionary<string, HashSet<string>> _bases = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            private readonly ConcurrentDictionary<string, HashSet<string>> _ancestors = new ConcurrentDictionary<string, HashSet<string>>(StringComparer.Ordinal);

            public ReceiverNames(IEnumerable<TreeFacts> trees)
            {
                foreach (var facts in trees)
                {
                    foreach (var t in facts.Types)
                    {
                        _types.Add(t.Name);
                        if (!_declarations.TryGetValue(t.Name, out var declarations)) _declarations[t.Name] = declarations = new List<TypeFacts>();
                        declarations.Add(t);
                        if (t.HasGenericBase) _genericBased.Add(t.Name);
                        if (t.FirstBase != null)
                        {
                            if (!_bases.TryGetValue(t.Name, out var bases)) _bases[t.Name] = bases = new HashSet<string>(StringComparer.Ordinal);
                            bases.Add(t.FirstBase);
                        }
                        _others.UnionWith(t.MemberTypes.Keys);
                    }
                    _others.UnionWith(facts.OtherTypeNames);
                    _others.UnionWith(facts.NamespaceNames);
                    _aliases.UnionWith(facts.AliasNames);
                    _globalStaticImports.UnionWith(facts.GlobalStaticImports);
                    _anyStaticImports.UnionWith(facts.StaticImports);
                }
                _others.UnionWith(_aliases);
                _others.ExceptWith(_types);
            }

            /// <summary>Whether the name is a using alias somewhere in the compilation (it may stand for any type).</summary>
            public bool IsAlias(string name) => _aliases.Contains(name);

            /// <summary>
            /// Whether a call of <paramref name="member"/>'s name in <paramref name="caller"/> can bind to it: by argument count and
            /// accessibility (<see cref="MemberFacts.MayBeCalledBy"/>), and by what the call is made on — a constructor only by
            /// an object creation or initializer, a method never so; a call on a receiver whose type the syntax tells only to a method
            /// of that type or its bases, or to an extension method.
            /// </summary>
            public bool MayBind(MemberFacts caller, MemberFacts member)
            {
                if (member.DeclaredName == null || !member.MayBeCalledBy(caller)) return false;
                if (!caller.Calls.TryGetValue(member.DeclaredName, out var calls)) return true;
                for (int i = 0; i < calls.ReceiverCount; i++)
                {
                    if (MayBind(calls.Receiver(i), caller, member)) return true;
                }
                return false;
            }

            /// <summary>Whether a call by bare name (or on <c>this</c> or <c>base</c>) in <paramref name="caller"/> can bind to <paramref name="member"/>.</summary>
            public bool MayBindOwn(MemberFacts caller, MemberFacts member) =>
                member.DeclaredName != null && !member.IsConstructor && member.MayBeCalledBy(caller)
                && caller.Calls.TryGetValue(member.DeclaredName, out var calls) && calls.HasReceiver(Receivers.Own)
                && MayBind(Receivers.Own, caller, member);

            private bool MayBind(string receiver, MemberFacts caller, MemberFacts member)
            {
                if (string.Equals(receiver, Receivers.Creation, StringComparison.Ordinal)) return member.IsConstructor;
                if (string.Equals(receiver, Receivers.TypeName, StringComparison.Ordinal)) return false;
                if (member.IsConstructor) return false;
                if (member.IsExtension || string.Equals(receiver, Receivers.Unknown, StringComparison.Ordinal)) return true;
                if (receiver.Length == 0) return false;
                var name = receiver.Substring(2);
                switch (receiver[0])
                {
                    case 'B':
                        // A bare name: the caller's type, the types it is nested in, their bases; a `using static` import.
                        if (caller.Type == null || member.Type == null) return true;
                        foreach (var imported in StaticImports(caller))
                        {
                            if (string.Equals(imported, Receivers.Unknown, StringComparison.Ordinal)) return true;
                            if (Ancestors(imported).Contains(member.Type.Name)) return true;
                        }
                        for (var t = caller.Type; t != null; t = t.Enclosing)
                        {
                            if (Ancestors(t.Name).Contains(member.Type.Name)) return true;
                        }
                        return false;
                    case 'T':
                        // A value of a declared type: a method of the type or of a base; an alias may stand for any type
                        // (an enum or a delegate has no method of the compilation but extensions).
                        if (_types.Contains(name)) return member.Type != null && Ancestors(name).Contains(member.Type.Name);
                        return _aliases.Contains(name);
                    case 'I':
                    {
                        // An inherited member of a generic base may have a source type as its type.
                        if (UnderGenericBase(caller)) return true;
                        // A member of the caller's types (another part, a base, an enclosing type): what it is declared as.
                        var declared = MemberOfCallerTypes(caller, name);
                        if (declared != null)
                        {
                            foreach (var type in declared)
                            {
                                if (type == null || MayBind(type, caller, member)) return true;
                            }
                            return false;
                        }
                        if (_others.Contains(name)) return true;
                        return _types.Contains(name) && member.Type != null && Ancestors(name).Contains(member.Type.Name);
                    }
                    default:
                        return UnderGenericBase(caller) || MemberOfCallerTypes(caller, name) != null || _others.Contains(name) || _types.Contains(name);
                }
            }

            /// <summary>
            /// The declared types (<see cref="Receivers"/> strings, null for unknown) of the members of that name in the declarations
            /// of the caller's type, the types it is nested in, their bases, and the types imported by `using static`; null when none
            /// of them declares one.
            /// </summary>
            private List<string?>? MemberOfCallerTypes(MemberFacts caller, string name)
            {
                List<string?>? found = null;
                void Look(string typeName)
                {
                    foreach (var ancestor in Ancestors(typeName))
                    {
                        if (!_declarations.TryGetValue(ancestor, out var declarations)) continue;
                        foreach (var declaration in declarations)
                        {
                            if (declaration.MemberTypes.TryGetValue(name, out var type)) (found ??= new List<string?>()).Add(type);
                        }
                    }
                }
                for (var t = caller.Type; t != null; t = t.Enclosing) Look(t.Name);
                // A `using static` of a source type imports its members; one of an unknown type may import anything. (A member of
                // another assembly's type has another assembly's type.)
                foreach (var imported in StaticImports(caller))
                {
                    if (string.Equals(imported, Receivers.Unknown, StringComparison.Ordinal)) (found ??= new List<string?>()).Add(null);
                    else Look(imported);
                }
                return found;
            }

            /// <summary>
            /// The types whose static members a bare name in <paramref name="caller"/> may be: its tree's `using static`
            /// imports and the compilation's `global using static` ones (all of the compilation's for a member outside any type).
            /// </summary>
            private IEnumerable<string> StaticImports(MemberFacts caller)
            {
                if (caller.Type == null) return _anyStaticImports;
                if (_globalStaticImports.Count == 0) return caller.Type.StaticImports;
                if (caller.Type.StaticImports.Count == 0) return _globalStaticImports;
                return caller.Type.StaticImports.Concat(_globalStaticImports);
            }

            private bool UnderGenericBase(MemberFacts caller)
            {
                for (var t = caller.Type; t != null; t = t.Enclosing)
                {
                    if (_genericBased.Contains(t.Name)) return true;
                }
                return false;
            }

            /// <summary>The type's name and its bases' names, by the first entry of each declaration's base list.</summary>
            private HashSet<string> Ancestors(string type) =>
                _ancestors.TryGetValue(type, out var known) ? known : _ancestors.GetOrAdd(type, t =>
                {
                    var names = new HashSet<string>(StringComparer.Ordinal) { t };
                    var pending = new Stack<string>();
                    pending.Push(t);
                    while (pending.Count > 0)
                    {
                        if (!_bases.TryGetValue(pending.Pop(), out var bases)) continue;
                        foreach (var b in bases)
                        {
                            if (names.Add(b)) pending.Push(b);
                        }
                    }
                    return names;
                });
        }

        /// <summary>The method names of referenced libraries built on FdSafety.Runtime (their fd attributes are not visible by name at the call).</summary>
        private static IEnumerable<string> DescriptorLibraryNames(Compilation compilation)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reference in compilation.References)
            {
                if (!(compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly)) continue;
                if (!assembly.Modules.Any(m => m.ReferencedAssemblies.Any(a => a.Name == "FdSafety.Runtime"))) continue;
                var stack = new Stack<INamespaceOrTypeSymbol>();
                stack.Push(assembly.GlobalNamespace);
                while (stack.Count > 0)
                {
                    var container = stack.Pop();
                    foreach (var member in container.GetMembers())
                    {
                        if (member is INamespaceOrTypeSymbol nested) stack.Push(nested);
                        else if (member is IMethodSymbol method) names.Add(method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name);
                    }
                }
            }
            return names;
        }
    }
}
