using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Model
{
    /// <summary>
    /// Which APIs acquire, release, borrow or use a descriptor. Built once per compilation; the answer
    /// for a method symbol is cached, and the few answers that depend on constant arguments
    /// (UnixStream's ownsHandle, fcntl's command) are refined per call.
    /// </summary>
    public sealed class OwnershipTable
    {
        private readonly INamedTypeSymbol? _safeHandle;
        private readonly FdOptions _options;
        private readonly Func<IMethodSymbol, FdEffect?>? _summaries;
        private readonly ConcurrentDictionary<IMethodSymbol, FdEffect> _cache =
            new ConcurrentDictionary<IMethodSymbol, FdEffect>(SymbolEqualityComparer.Default);

        public Compilation Compilation { get; }

        public OwnershipTable(Compilation compilation, FdOptions options, Func<IMethodSymbol, FdEffect?>? summaries = null)
        {
            Compilation = compilation;
            _safeHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeHandle");
            _options = options;
            _summaries = summaries;
            Helpers = new ThrowHelpers(compilation);
            Evidence = new MemberEvidence(compilation, this);
            Fields = new FieldOwnership(compilation, this);
        }

        /// <summary>Descriptor evidence of members and SafeHandle types, from their type's own code.</summary>
        public MemberEvidence Evidence { get; }

        public FdOptions Options => _options;

        /// <summary>Throw helpers and check helpers of the compilation and well-known ones.</summary>
        public ThrowHelpers Helpers { get; }

        /// <summary>True for the owner type: a SafeHandle named OwnedFd in any namespace.</summary>
        public bool IsOwnerType(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && named.Name == "OwnedFd" && (_safeHandle == null || DerivesFrom(named, _safeHandle) || named.TypeKind == TypeKind.Class);

        public static bool IsBorrowedType(ITypeSymbol? type) =>
            type != null && (type.Name == "BorrowedFd" || type.Name == "IAsFd");

        public bool IsSafeHandle(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && _safeHandle != null && DerivesFrom(named, _safeHandle);

        /// <summary>An integer type that can carry a descriptor number.</summary>
        public static bool IsRawFdType(ITypeSymbol? type) =>
            type != null && (type.SpecialType == SpecialType.System_Int32 || type.SpecialType == SpecialType.System_Int64
                || type.SpecialType == SpecialType.System_IntPtr || type.SpecialType == SpecialType.System_UInt32);

        public FdEffect Classify(IInvocationOperation invocation) => Classify(invocation, withSummaries: true);

        /// <summary>
        /// The summary of a method of the compilation as its flow analysis made it, whatever the built-in
        /// knowledge says of its name (a source <c>Close()</c> is a close of its receiver, and also a method
        /// whose summary says which fields of its object it closes). Null when unknown.
        /// </summary>
        public FdEffect? SummaryOf(IMethodSymbol method) => _summaries?.Invoke((method.ReducedFrom ?? method).OriginalDefinition);

        /// <summary>Which descriptor fields of a type its members close or hand on (from the type's own code).</summary>
        public FieldOwnership Fields { get; }

        /// <summary>What a call does by the built-in knowledge, attributes and options only: no method's summary.</summary>
        public FdEffect ClassifyKnown(IInvocationOperation invocation) => Classify(invocation, withSummaries: false);

        private FdEffect Classify(IInvocationOperation invocation, bool withSummaries)
        {
            var method = invocation.TargetMethod;
            if (method.MethodKind == MethodKind.Constructor && invocation.Instance is IInstanceReferenceOperation)
            {
                // `: base(fd, true)` of a SafeHandle subclass takes ownership as `new H(fd, true)` does.
                var construction = ClassifyConstruction(method, invocation.Arguments, () => ConstructedBy(invocation));
                if (!construction.IsNone || !withSummaries) return construction;
            }
            var effect = withSummaries ? ClassifySymbol(method) : KnownSymbol(method);
            if (method.Name == "DangerousGetHandle" && effect.ReturnsBorrowed != null && invocation.Instance?.Type is INamedTypeSymbol handleType
                && handleType.Name != "SafeHandle" && !Evidence.IsDescriptorHandle(handleType))
            {
                // A SafeHandle over a native pointer, a library handle, a process: its number is no descriptor.
                return FdEffect.None;
            }
            if (method.Name == "fcntl" && !effect.IsNone && invocation.Arguments.Length >= 2)
            {
                // fcntl(fd, F_DUPFD / F_DUPFD_CLOEXEC, min) returns a new descriptor.
                var cmd = ArgumentConstant(invocation, 1);
                if (cmd is long c && (c == 0 || c == 1030))
                {
                    return With(effect, e => { e.Acquire = AcquireShape.ReturnValue; e.MayFail = true; });
                }
            }
            return effect;
        }

        public FdEffect Classify(IObjectCreationOperation creation) =>
            creation.Constructor == null ? FdEffect.None : ClassifyConstruction(creation.Constructor, creation.Arguments, () => creation.Type);

        /// <summary>A constructor run to make an object, or as `: base(fd, true)` in a subclass's constructor.</summary>
        /// <summary>The type whose constructor runs `: base(...)` (the instance reference there has the base type).</summary>
        private ITypeSymbol? ConstructedBy(IInvocationOperation initializer)
        {
            var declaration = initializer.Syntax.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax>();
            if (declaration == null || !Compilation.ContainsSyntaxTree(declaration.SyntaxTree)) return null;
            var model = initializer.SemanticModel;
#pragma warning disable RS1030 // Only for `: base(number, ...)` of a descriptor wrapper, whose derived type decides what the number is.
            if (model == null || model.SyntaxTree != declaration.SyntaxTree) model = Compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            return model.GetDeclaredSymbol(declaration)?.ContainingType;
        }

        /// <param name="made">The type of the object made (for `: base(...)`, the derived type).</param>
        private FdEffect ClassifyConstruction(IMethodSymbol ctor, ImmutableArray<IArgumentOperation> arguments, Func<ITypeSymbol?> made)
        {
            var type = ctor.ContainingType;
            if (type == null) return FdEffect.None;
            var first = ctor.Parameters.Length > 0 ? ctor.Parameters[0] : null;
            if (first == null || !IsRawFdType(first.Type))
            {
                return ClassifySymbol(ctor);
            }

            // Wrappers that may take ownership of the number: the ownsHandle flag decides.
            bool isWrapper = (type.Name == "UnixStream" && type.ContainingNamespace?.ToDisplayString() == "Mono.Unix")
                || IsSafeHandle(type);
            if (!isWrapper)
            {
                return ClassifySymbol(ctor);
            }

            int ownsIndex = -1;
            for (int i = 1; i < ctor.Parameters.Length; i++)
            {
                if (ctor.Parameters[i].Type.SpecialType == SpecialType.System_Boolean) { ownsIndex = i; break; }
            }

            ArgumentRole role;
            if (ownsIndex < 0)
            {
                // UnixStream(int fd) owns it; a SafeHandle without the flag is unknown.
                role = type.Name == "UnixStream" ? ArgumentRole.Transfer : ArgumentRole.Escape;
            }
            else
            {
                var owns = ArgumentConstant(arguments, ownsIndex);
                role = owns is bool b ? (b ? ArgumentRole.Transfer : ArgumentRole.Use) : ArgumentRole.Escape;
            }
            // A SafeHandle takes whatever number it is given (a pointer, a library handle): the number is a
            // descriptor only if the handle made is one (a BCL file or socket handle, or one whose
            // ReleaseHandle closes a descriptor).
            bool evidence = type.Name == "UnixStream" || Evidence.IsDescriptorHandle(made() ?? type);
            return new FdEffect
            {
                Name = "new " + type.Name,
                Arguments = ImmutableDictionary<int, ArgumentRole>.Empty.Add(0, role),
                WrapsArgument = role == ArgumentRole.Use ? 0 : -1,
                WithoutEvidence = evidence ? ImmutableHashSet<int>.Empty : ImmutableHashSet.Create(0),
            };
        }

        /// <summary>Property reads that yield descriptors (BorrowedFd.Stdout).</summary>
        public FdEffect Classify(IPropertyReferenceOperation property)
        {
            var p = property.Property;
            if (p.IsStatic && p.ContainingType?.Name == "BorrowedFd" && (p.Name == "Stdin" || p.Name == "Stdout" || p.Name == "Stderr"))
            {
                return new FdEffect { Name = "BorrowedFd." + p.Name, ReturnsBorrowed = "a standard stream" };
            }
            if (!p.IsStatic && p.Name == "Handle" && p.ContainingType?.Name == "Socket" && p.ContainingType.ContainingNamespace?.ToDisplayString() == "System.Net.Sockets")
            {
                // The socket's own descriptor: the Socket closes it when disposed.
                return new FdEffect { Name = "Socket.Handle", ReturnsBorrowed = "the Socket still owns it" };
            }
            return FdEffect.None;
        }

        private FdEffect KnownSymbol(IMethodSymbol method)
        {
            var key = method.ReducedFrom ?? method;
            var known = _cache.GetOrAdd(key, m => ComputeSymbol(m) ?? FdEffect.None);
            if (!ReferenceEquals(known, Unclassified)) return known;
            var borrowedParams = BorrowedParameterRoles(key);
            return borrowedParams.Count > 0 ? new FdEffect { Name = key.Name, Arguments = borrowedParams } : FdEffect.None;
        }

        private FdEffect ClassifySymbol(IMethodSymbol method)
        {
            var key = method.ReducedFrom ?? method;
            var known = _cache.GetOrAdd(key, m => ComputeSymbol(m) ?? FdEffect.None);
            if (!ReferenceEquals(known, Unclassified)) return known;
            // The compilation's own methods: their summaries are cached where they are computed, not
            // here, because one asked for in the middle of its own computation (recursion) is provisional.
            var borrowedParams = BorrowedParameterRoles(key);
            var summary = _summaries?.Invoke(key.OriginalDefinition);
            if (summary == null || summary.IsNone)
            {
                return borrowedParams.Count > 0 ? new FdEffect { Name = key.Name, Arguments = borrowedParams } : FdEffect.None;
            }
            return borrowedParams.Count == 0 ? summary : With(summary, e => e.Arguments = borrowedParams.SetItems(e.Arguments));
        }

        private static readonly System.Collections.Generic.HashSet<string> StoringMethods = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "AddRange", "Insert", "InsertRange", "Push", "Enqueue", "TryAdd", "TryPush", "set_Item", "AddOrUpdate",
            "GetOrAdd", "AddFirst", "AddLast", "AddBefore", "AddAfter", "Post", "SendAsync", "TryWrite", "WriteAsync",
            "Append", "Prepend", "SetValue", "Exchange", "CompareExchange", "Set", "TrySetResult", "SetResult",
        };

        /// <summary>Names of external methods that keep a generic argument (for the syntax pre-pass).</summary>
        internal static bool IsStoringMethodName(string name) => StoringMethods.Contains(name);

        /// <summary>Marks a source method whose effect comes from its summary.</summary>
        private static readonly FdEffect Unclassified = new FdEffect { Name = "(summary)" };

        private FdEffect? ComputeSymbol(IMethodSymbol method)
        {
            var type = method.ContainingType;
            var runtime = ClassifyRuntime(method);
            if (runtime != null) return runtime;

            var attributed = ClassifyAttributes(method);
            if (attributed != null) return attributed;

            var configured = ClassifyOptions(method);
            if (configured != null) return configured;

            if (IsLibcMethod(method, out var entry))
            {
                return ClassifyLibc(method, entry);
            }

            if (method.Name == "DangerousGetHandle" && method.Parameters.Length == 0 && IsSafeHandle(type))
            {
                return new FdEffect { Name = "DangerousGetHandle", Receiver = ArgumentRole.Use, ReturnsBorrowed = "the SafeHandle still owns it" };
            }

            if ((method.Name == "Dispose" || method.Name == "Close") && method.Parameters.Length == 0 && !method.IsStatic)
            {
                // Dispose on anything: only matters when the receiver is a tracked owner object.
                return new FdEffect { Name = method.Name, Receiver = ArgumentRole.Close };
            }

            if (_summaries != null && method.MethodKind != MethodKind.LocalFunction && !method.IsExtern
                && method.Locations.Any(l => l.IsInSource))
            {
                return Unclassified;
            }

            var borrowedParams = BorrowedParameterRoles(method);
            if (borrowedParams.Count > 0)
            {
                return new FdEffect { Name = method.Name, Arguments = borrowedParams };
            }

            // A generic parameter of an external constructor or storing method (List<int>.Add,
            // Stack<OwnedFd>.Push, dictionary[key] = fd) keeps what it is given; Contains, IndexOf,
            // Equals and the like only look at it.
            if (!method.Locations.Any(l => l.IsInSource) && (method.MethodKind == MethodKind.Constructor || StoringMethods.Contains(method.Name)))
            {
                var escapes = ImmutableDictionary<int, ArgumentRole>.Empty;
                var def = method.OriginalDefinition;
                for (int i = 0; i < def.Parameters.Length; i++)
                {
                    if (def.Parameters[i].Type.TypeKind == TypeKind.TypeParameter && def.Parameters[i].RefKind == RefKind.None)
                    {
                        escapes = escapes.Add(i, ArgumentRole.Escape);
                    }
                }
                if (escapes.Count > 0) return new FdEffect { Name = method.Name, Arguments = escapes, IsGeneric = true };
            }
            return null;
        }

        /// <summary>BorrowedFd / IAsFd parameters are uses; OwnedFd parameters of external code default to uses too.</summary>
        private ImmutableDictionary<int, ArgumentRole> BorrowedParameterRoles(IMethodSymbol method)
        {
            var roles = ImmutableDictionary<int, ArgumentRole>.Empty;
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                var t = method.Parameters[i].Type;
                if (IsBorrowedType(t)) roles = roles.Add(i, ArgumentRole.Use);
            }
            return roles;
        }

        private FdEffect? ClassifyRuntime(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type == null) return null;
            if (IsOwnerType(type))
            {
                switch (method.Name)
                {
                    case "AsRawFd":
                        return new FdEffect { Name = "AsRawFd", Receiver = ArgumentRole.Use, ReturnsBorrowed = "OwnedFd.AsRawFd() only lends the number; the OwnedFd still owns it" };
                    case "AsFd":
                        return new FdEffect { Name = "AsFd", Receiver = ArgumentRole.Use, ReturnsBorrowed = "a BorrowedFd" };
                    case "TryClone":
                        return new FdEffect { Name = "TryClone", Receiver = ArgumentRole.Use, Acquire = AcquireShape.ReturnValue, IsOwnerObject = true };
                    case "IntoRawFd":
                        return new FdEffect { Name = "IntoRawFd", Receiver = ArgumentRole.Use, ReceiverGivesUp = true, Acquire = AcquireShape.ReturnValue };
                    case "FromRawFd":
                        return new FdEffect
                        {
                            Name = "OwnedFd.FromRawFd", Acquire = AcquireShape.ReturnValue, IsOwnerObject = true,
                            Arguments = ImmutableDictionary<int, ArgumentRole>.Empty.Add(0, ArgumentRole.Transfer),
                        };
                    case "Dispose":
                    case "Close":
                        return method.Parameters.Length == 0 ? new FdEffect { Name = method.Name, Receiver = ArgumentRole.Close } : null;
                    case "op_Implicit":
                        return null;
                }
                if (method.MethodKind == MethodKind.PropertyGet) return null;
                return null;
            }
            if (type.Name == "BorrowedFd")
            {
                switch (method.Name)
                {
                    case "AsRawFd":
                        return new FdEffect { Name = "AsRawFd", Receiver = ArgumentRole.Use, ReturnsBorrowed = "a BorrowedFd is lent, not owned" };
                    case "BorrowRaw":
                        return new FdEffect
                        {
                            Name = "BorrowedFd.BorrowRaw", ReturnsBorrowed = "a BorrowedFd is lent, not owned",
                            Arguments = ImmutableDictionary<int, ArgumentRole>.Empty.Add(0, ArgumentRole.Use),
                        };
                }
                return null;
            }
            if (type.Name == "Fd" && type.IsStatic)
            {
                var roles = ImmutableDictionary<int, ArgumentRole>.Empty;
                for (int i = 0; i < method.Parameters.Length; i++)
                {
                    var pt = method.Parameters[i].Type;
                    if (IsBorrowedType(pt) || IsOwnerType(pt)) roles = roles.Add(i, ArgumentRole.Use);
                }
                var effect = new FdEffect { Name = "Fd." + method.Name, Arguments = roles };
                if (IsOwnerType(method.ReturnType))
                {
                    effect.Acquire = AcquireShape.ReturnValue;
                    effect.IsOwnerObject = true;
                }
                else if (method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple
                    && tuple.TupleElements.Length > 0 && tuple.TupleElements.All(e => IsOwnerType(e.Type)))
                {
                    effect.Acquire = AcquireShape.ReturnTuple;
                    effect.IsOwnerObject = true;
                    effect.PipeEnds = method.Name == "Pipe";
                }
                ApplyReadWrite(effect, effect.Name);
                return effect;
            }
            return null;
        }

        private FdEffect? ClassifyAttributes(IMethodSymbol method)
        {
            bool any = false;
            var effect = new FdEffect { Name = method.Name };
            if (HasAttribute(method.GetAttributes(), "AcquiresFdAttribute") || HasAttribute(method.GetReturnTypeAttributes(), "AcquiresFdAttribute"))
            {
                any = true;
                effect.Acquire = AcquireShape.ReturnValue;
                effect.IsOwnerObject = IsOwnerType(method.ReturnType);
                effect.MayFail = IsRawFdType(method.ReturnType);
            }
            var roles = ImmutableDictionary<int, ArgumentRole>.Empty;
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                var p = method.Parameters[i];
                var attrs = p.GetAttributes();
                if (HasAttribute(attrs, "ReleasesFdAttribute")) { roles = roles.SetItem(i, ArgumentRole.Close); any = true; }
                else if (HasAttribute(attrs, "BorrowsFdAttribute")) { roles = roles.SetItem(i, ArgumentRole.Use); any = true; }
                else if (HasAttribute(attrs, "AcquiresFdAttribute") && p.RefKind == RefKind.Out)
                {
                    effect.Acquire = AcquireShape.OutArguments;
                    effect.MayFail = IsRawFdType(p.Type);
                    any = true;
                }
                else if (IsBorrowedType(p.Type)) roles = roles.SetItem(i, ArgumentRole.Use);
            }
            if (HasAttribute(method.GetAttributes(), "ReleasesFdAttribute") && !method.IsStatic)
            {
                effect.Receiver = ArgumentRole.Close;
                any = true;
            }
            effect.Arguments = roles;
            return any ? effect : null;
        }

        private FdEffect? ClassifyOptions(IMethodSymbol method)
        {
            if (_options.IsEmpty) return null;
            var id = method.OriginalDefinition.GetDocumentationCommentId();
            if (id == null) return null;
            int first = FirstDescriptorParameter(method);
            if (_options.AcquireMethods.Contains(id))
            {
                return new FdEffect
                {
                    Name = method.Name, Acquire = AcquireShape.ReturnValue,
                    IsOwnerObject = IsOwnerType(method.ReturnType), MayFail = IsRawFdType(method.ReturnType),
                };
            }
            if (_options.ReleaseMethods.Contains(id) && first >= 0)
            {
                return new FdEffect { Name = method.Name, Arguments = ImmutableDictionary<int, ArgumentRole>.Empty.Add(first, ArgumentRole.Close) };
            }
            if (_options.BorrowMethods.Contains(id) && first >= 0)
            {
                return new FdEffect { Name = method.Name, Arguments = ImmutableDictionary<int, ArgumentRole>.Empty.Add(first, ArgumentRole.Use) };
            }
            return null;
        }

        private int FirstDescriptorParameter(IMethodSymbol method)
        {
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                var t = method.Parameters[i].Type;
                if (IsRawFdType(t) || IsOwnerType(t) || IsSafeHandle(t)) return i;
            }
            return -1;
        }

        private static FdEffect ClassifyLibc(IMethodSymbol method, string entry)
        {
            var effect = new FdEffect { Name = entry };
            var roles = ImmutableDictionary<int, ArgumentRole>.Empty;
            if (LibcTable.Close.Contains(entry) && method.Parameters.Length >= 1)
            {
                roles = roles.Add(0, ArgumentRole.Close);
            }
            else if (LibcTable.TransferFirst.Contains(entry) && method.Parameters.Length >= 1)
            {
                roles = roles.Add(0, ArgumentRole.Transfer);
            }
            if (LibcTable.Use.TryGetValue(entry, out var uses))
            {
                foreach (var i in uses)
                {
                    if (i < method.Parameters.Length && IsRawFdType(method.Parameters[i].Type)) roles = roles.SetItem(i, ArgumentRole.Use);
                }
            }
            else if (roles.Count == 0)
            {
                for (int i = 0; i < method.Parameters.Length; i++)
                {
                    var p = method.Parameters[i];
                    if (p.RefKind == RefKind.None && IsRawFdType(p.Type) && LibcTable.IsDescriptorParameterName(p.Name))
                    {
                        roles = roles.Add(i, ArgumentRole.Use);
                    }
                }
            }
            effect.Arguments = roles;

            if (LibcTable.AcquireReturn.Contains(entry) && IsRawFdType(method.ReturnType))
            {
                effect.Acquire = AcquireShape.ReturnValue;
                effect.MayFail = true;
            }
            else if (LibcTable.AcquireArray.TryGetValue(entry, out var arrayIndex))
            {
                if (arrayIndex < method.Parameters.Length && method.Parameters[arrayIndex].Type is IArrayTypeSymbol)
                {
                    effect.Acquire = AcquireShape.ArrayArgument;
                    effect.AcquireArgument = arrayIndex;
                    effect.MayFail = true;
                }
                else if (method.Parameters.Count(p => p.RefKind == RefKind.Out && IsRawFdType(p.Type)) == 2)
                {
                    effect.Acquire = AcquireShape.OutArguments;
                    effect.MayFail = true;
                }
                effect.PipeEnds = LibcTable.PipeLike.Contains(entry);
            }
            if (LibcTable.ReturnsArgument.TryGetValue(entry, out var returned))
            {
                effect.ReturnsArgument = returned;
            }
            ApplyReadWrite(effect, entry);
            return effect;
        }

        private static void ApplyReadWrite(FdEffect effect, string name)
        {
            var lower = name.StartsWith("Fd.", StringComparison.Ordinal) ? name.Substring(3).ToLowerInvariant() : name;
            if (LibcTable.Reads.Contains(lower)) effect.ReadsArgument = 0;
            if (LibcTable.Writes.Contains(lower) || lower == "writeall") effect.WritesArgument = 0;
            if (LibcTable.Copies.TryGetValue(lower, out var copy))
            {
                effect.ReadsArgument = copy.Read;
                effect.WritesArgument = copy.Write;
            }
        }

        /// <summary>A method that binds a libc entry point: Mono.Posix's Syscall, Tmds.Linux.LibC, or a libc [DllImport]/[LibraryImport].</summary>
        public static bool IsLibcMethod(IMethodSymbol method, out string entryPoint)
        {
            entryPoint = method.Name;
            var type = method.ContainingType;
            if (type != null && method.IsStatic)
            {
                var ns = type.ContainingNamespace?.ToDisplayString();
                if ((type.Name == "Syscall" || type.Name == "Stdlib") && ns == "Mono.Unix.Native") return true;
                if (type.Name == "LibC" && ns == "Tmds.Linux") return true;
            }
            var dll = method.GetDllImportData();
            if (dll != null)
            {
                if (!LibcTable.IsLibc(dll.ModuleName)) return false;
                entryPoint = dll.EntryPointName ?? method.Name;
                return true;
            }
            foreach (var attr in method.GetAttributes())
            {
                if (attr.AttributeClass?.Name != "LibraryImportAttribute") continue;
                if (attr.ConstructorArguments.Length == 0 || !(attr.ConstructorArguments[0].Value is string lib) || !LibcTable.IsLibc(lib)) return false;
                foreach (var named in attr.NamedArguments)
                {
                    if (named.Key == "EntryPoint" && named.Value.Value is string ep) entryPoint = ep;
                }
                return true;
            }
            return false;
        }

        private static bool HasAttribute(ImmutableArray<AttributeData> attributes, string name)
        {
            foreach (var a in attributes)
            {
                if (a.AttributeClass?.Name == name) return true;
            }
            return false;
        }

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
            }
            return false;
        }

        private static FdEffect With(FdEffect e, Action<FdEffect> change)
        {
            var copy = new FdEffect
            {
                Name = e.Name, Acquire = e.Acquire, AcquireArgument = e.AcquireArgument, MayFail = e.MayFail,
                IsOwnerObject = e.IsOwnerObject, Mode = e.Mode, PipeEnds = e.PipeEnds,
                Arguments = e.Arguments, Receiver = e.Receiver, ReturnsBorrowed = e.ReturnsBorrowed,
                ReturnsArgument = e.ReturnsArgument, ReceiverGivesUp = e.ReceiverGivesUp,
                ReadsArgument = e.ReadsArgument, WritesArgument = e.WritesArgument, IsGeneric = e.IsGeneric, WrapsArgument = e.WrapsArgument,
                WithoutEvidence = e.WithoutEvidence, Fields = e.Fields, MayChangeAnyField = e.MayChangeAnyField,
                OutOrdinals = e.OutOrdinals, ClosesWhenReturns = e.ClosesWhenReturns, ClosesElements = e.ClosesElements, ResetsRef = e.ResetsRef, BoolVariants = e.BoolVariants,
            };
            change(copy);
            return copy;
        }

        /// <summary>The constant value of the argument bound to parameter <paramref name="index"/>, as long or bool.</summary>
        public static object? ArgumentConstant(IInvocationOperation invocation, int index, Compilation? compilation = null) => ArgumentConstant(invocation.Arguments, index, compilation);

        public static object? ArgumentConstant(ImmutableArray<IArgumentOperation> arguments, int index, Compilation? compilation = null)
        {
            foreach (var arg in arguments)
            {
                if (arg.Parameter?.Ordinal != index) continue;
                var value = arg.Value;
                while (value is IConversionOperation conv && !value.ConstantValue.HasValue) value = conv.Operand;
                // A local written once, a static readonly field, a method returning a constant.
                if (!value.ConstantValue.HasValue) return ConstantFolding.Fold(value, compilation);
                var v = value.ConstantValue.Value;
                switch (v)
                {
                    case bool b: return b;
                    case int i: return (long)i;
                    case long l: return l;
                    case uint u: return (long)u;
                    case ulong ul: return unchecked((long)ul);
                    case short s: return (long)s;
                    default: return null;
                }
            }
            return null;
        }
    }
}
