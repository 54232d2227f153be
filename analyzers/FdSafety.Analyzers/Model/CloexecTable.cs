using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Model
{
    /// <summary>A call that creates a descriptor without close-on-exec: the name to show and what to do instead.</summary>
    public readonly struct CloexecFinding
    {
        public CloexecFinding(string call, string advice)
            : this(call, advice, "", CloexecRemedy.SwitchCall, -1, null)
        {
        }

        public CloexecFinding(string call, string advice, string entryPoint, CloexecRemedy remedy, int ordinal, string? flag)
        {
            Call = call;
            Advice = advice;
            EntryPoint = entryPoint;
            Remedy = remedy;
            Ordinal = ordinal;
            Flag = flag;
        }

        /// <summary>The call as the message names it: the entry point, or "Method (entry)" when a binding renames it.</summary>
        public string Call { get; }

        public string Advice { get; }

        /// <summary>The C call the binding reaches (open, pipe, fcntl ...).</summary>
        public string EntryPoint { get; }

        /// <summary>What setting the flag takes: a flag in an argument, another call, or another fcntl command.</summary>
        public CloexecRemedy Remedy { get; }

        /// <summary>The parameter that lacks the flag (or fcntl's command); -1 when the call has none.</summary>
        public int Ordinal { get; }

        /// <summary>The flag's name (O_CLOEXEC, SOCK_CLOEXEC ...), when the table knows it.</summary>
        public string? Flag { get; }
    }

    /// <summary>How a call that lacks close-on-exec gets it (what a code fix does).</summary>
    public enum CloexecRemedy
    {
        /// <summary>The flag goes into the argument at <see cref="CloexecFinding.Ordinal"/>.</summary>
        AddFlag,
        /// <summary>The call cannot carry the flag: another call (or overload) is needed.</summary>
        SwitchCall,
        /// <summary>fcntl's F_DUPFD becomes F_DUPFD_CLOEXEC.</summary>
        DupCommand,
    }

    /// <summary>
    /// Which libc calls create a descriptor whose close-on-exec flag the caller chooses, which argument
    /// carries that flag, and whether a given call sets it. One instance per compilation: the answer
    /// for each method symbol is cached; the answer for a call is then decided from its arguments.
    /// </summary>
    /// <remarks>
    /// Flag values are Linux's. For a parameter typed as an enum that has a member of the flag's name
    /// (Mono.Posix's <c>OpenFlags.O_CLOEXEC</c>, <c>UnixSocketFlags.SOCK_CLOEXEC</c>,
    /// <c>EpollFlags.EPOLL_CLOEXEC</c>) the member's own value is used instead, because Mono.Posix
    /// numbers its enums its own way and translates them in its native helper.
    /// </remarks>
    public sealed class CloexecTable
    {
        private const long OCloexec = 0x80000; // O_CLOEXEC = SOCK_CLOEXEC = EPOLL_CLOEXEC = ... = 02000000 on Linux
        private const int FDupFd = 0;
        // Bounds the work for one call: the operations visited while following locals.
        private const int MaxSteps = 20000;

        private static readonly Dictionary<string, Spec> Specs = BuildSpecs();

        private readonly ConcurrentDictionary<IMethodSymbol, Site> _sites =
            new ConcurrentDictionary<IMethodSymbol, Site>(SymbolEqualityComparer.Default);

        /// <summary>The libc entry points this table knows (for the syntax pre-pass, which matches names before binding).</summary>
        internal static IEnumerable<string> EntryPoints => Specs.Keys;

        internal static bool IsEntryPoint(string name) => Specs.ContainsKey(name);

        /// <summary>A cheap first test, before any attribute is read: could this method bind a call this table knows?</summary>
        public static bool MayApply(IMethodSymbol method) =>
            method.IsStatic
            && (Specs.ContainsKey(method.Name) || method.IsExtern
                || method.PartialDefinitionPart != null || method.PartialImplementationPart != null);

        /// <summary>The finding for a call that creates a descriptor without close-on-exec; null when it sets it, or when that is not known.</summary>
        public CloexecFinding? FindMissing(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method == null || !MayApply(method)) return null;
            var site = _sites.GetOrAdd(method, Resolve);
            switch (site.Kind)
            {
                case SiteKind.Always:
                    return new CloexecFinding(site.Call, site.Advice, site.Entry, CloexecRemedy.SwitchCall, -1, site.Spec.Flag);

                case SiteKind.Flags:
                {
                    if (site.Spec.NewOnlyWhenMinusOne >= 0 && ConstantOf(Argument(invocation, site.Spec.NewOnlyWhenMinusOne)) != -1)
                    {
                        // signalfd(fd, ...) with fd != -1 changes an existing signalfd; no descriptor is created.
                        return null;
                    }
                    var value = Argument(invocation, site.Ordinal);
                    if (value == null) return null;
                    var constant = ConstantOf(value);
                    bool missing = constant.HasValue
                        ? (constant.Value & site.Mask) != site.Mask
                        : new ClearBits(site.Mask, RootOf(invocation)).IsClear(value);
                    return missing ? new CloexecFinding(site.Call, site.Advice, site.Entry, CloexecRemedy.AddFlag, site.Ordinal, site.Spec.Flag) : (CloexecFinding?)null;
                }

                case SiteKind.DupCommand:
                {
                    var command = ConstantOf(Argument(invocation, site.Ordinal));
                    return command == site.Mask ? new CloexecFinding(site.Call, site.Advice, site.Entry, CloexecRemedy.DupCommand, site.Ordinal, "F_DUPFD_CLOEXEC") : (CloexecFinding?)null;
                }

                default:
                    return null;
            }
        }

        private static Site Resolve(IMethodSymbol method)
        {
            if (!OwnershipTable.IsLibcMethod(method, out var entry) || !Specs.TryGetValue(entry, out var spec)) return Site.None;
            var call = entry == method.Name ? entry : method.Name + " (" + entry + ")";
            var parameters = method.Parameters;

            if (spec.IsFcntl)
            {
                if (parameters.Length < 2) return Site.None;
                var dupFd = EnumMember(parameters[1].Type, "F_DUPFD") ?? FDupFd;
                return new Site(SiteKind.DupCommand, spec, call, "use F_DUPFD_CLOEXEC (1030) instead of F_DUPFD", 1, dupFd, entry);
            }

            // A binding whose flags parameter is an enum with the flag as a member (Mono.Posix).
            if (spec.Flag != null)
            {
                foreach (var p in parameters)
                {
                    if (p.RefKind == RefKind.None && EnumMember(p.Type, spec.Flag) is long member && member != 0)
                    {
                        return new Site(SiteKind.Flags, spec, call, "add " + spec.Flag + " to its flags", p.Ordinal, member, entry);
                    }
                }
            }

            if (spec.FlagIndex >= 0)
            {
                if (spec.FlagIndex >= parameters.Length) return Site.None;
                var p = parameters[spec.FlagIndex];
                if (p.RefKind != RefKind.None) return Site.None;
                if (p.Type.TypeKind == TypeKind.Enum && OverloadWithFlag(method, spec.Flag!) is string overload)
                {
                    // Mono.Posix's socket(domain, UnixSocketType, protocol): this overload cannot carry the flag.
                    return new Site(SiteKind.Always, spec, call, overload, -1, 0, entry);
                }
                if (p.Type.TypeKind == TypeKind.Enum || IsIntegral(p.Type))
                {
                    return new Site(SiteKind.Flags, spec, call, "add " + spec.Flag + " to its " + spec.Role, spec.FlagIndex, spec.Value, entry);
                }
                return Site.None;
            }

            var other = spec.Flag != null ? OverloadWithFlag(method, spec.Flag) : null;
            return new Site(SiteKind.Always, spec, call, other ?? spec.Advice!, -1, 0, entry);
        }

        /// <summary>"use the socket overload that takes UnixSocketFlags.SOCK_CLOEXEC" when a sibling overload has a flags enum with the flag.</summary>
        private static string? OverloadWithFlag(IMethodSymbol method, string flag)
        {
            var type = method.ContainingType;
            if (type == null) return null;
            foreach (var sibling in type.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(sibling, method)) continue;
                foreach (var p in sibling.Parameters)
                {
                    if (EnumMember(p.Type, flag) != null)
                    {
                        return "use the " + method.Name + " overload that takes " + p.Type.Name + "." + flag;
                    }
                }
            }
            return null;
        }

        private static long? EnumMember(ITypeSymbol? type, string name)
        {
            if (type == null || type.TypeKind != TypeKind.Enum) return null;
            foreach (var member in type.GetMembers(name))
            {
                if (member is IFieldSymbol field && field.HasConstantValue) return ToLong(field.ConstantValue);
            }
            return null;
        }

        private static bool IsIntegral(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_SByte: case SpecialType.System_Byte:
                case SpecialType.System_Int16: case SpecialType.System_UInt16:
                case SpecialType.System_Int32: case SpecialType.System_UInt32:
                case SpecialType.System_Int64: case SpecialType.System_UInt64:
                case SpecialType.System_IntPtr: case SpecialType.System_UIntPtr:
                    return true;
                default:
                    return false;
            }
        }

        private static IOperation? Argument(IInvocationOperation invocation, int ordinal)
        {
            foreach (var arg in invocation.Arguments)
            {
                if (arg.Parameter?.Ordinal == ordinal && arg.ArgumentKind != ArgumentKind.ParamArray) return arg.Value;
            }
            return null;
        }

        private static long? ConstantOf(IOperation? value)
        {
            return ConstantFolding.Fold(value);
        }

        private static long? ToLong(object? value) => ConstantFolding.ToLong(value);

        private static IOperation RootOf(IOperation operation)
        {
            while (operation.Parent != null) operation = operation.Parent;
            return operation;
        }

        /// <summary>
        /// Decides whether an expression certainly has none of the mask's bits, following the locals it
        /// reads through every assignment to them in the method (lambdas and local functions included).
        /// </summary>
        /// <remarks>
        /// Flow-insensitive on purpose: a local is clear if its declaration initializes it clear and no
        /// write anywhere can set a bit of the mask (<c>=</c> with a clear value, <c>|=</c>/<c>^=</c>
        /// with a clear operand, any <c>&amp;=</c>). C#'s definite assignment makes that an invariant
        /// that holds at every read. Anything else that could write the local (ref or out arguments,
        /// ref aliases, <c>++</c>, deconstruction, arithmetic) makes it unknown. A local that gets the
        /// flag on some paths only is therefore unknown too: the rule stays silent rather than guess
        /// which paths run.
        /// </remarks>
        private sealed class ClearBits
        {
            private readonly long _mask;
            private readonly IOperation _root;
            private readonly HashSet<ILocalSymbol> _assumed = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            private int _steps;

            public ClearBits(long mask, IOperation root)
            {
                _mask = mask;
                _root = root;
            }

            public bool IsClear(IOperation? value)
            {
                if (value == null || ++_steps > MaxSteps) return false;
                if (value.ConstantValue.HasValue)
                {
                    var c = ToLong(value.ConstantValue.Value);
                    return c.HasValue && (c.Value & _mask) == 0;
                }
                switch (value)
                {
                    case IConversionOperation conversion when conversion.OperatorMethod == null:
                        return IsClear(conversion.Operand);
                    case IBinaryOperation binary when binary.OperatorMethod == null:
                        switch (binary.OperatorKind)
                        {
                            case BinaryOperatorKind.Or:
                            case BinaryOperatorKind.ExclusiveOr:
                                return IsClear(binary.LeftOperand) && IsClear(binary.RightOperand);
                            case BinaryOperatorKind.And:
                                return IsClear(binary.LeftOperand) || IsClear(binary.RightOperand);
                            default:
                                return false;
                        }
                    case IConditionalOperation conditional when conditional.WhenFalse != null:
                        return IsClear(conditional.WhenTrue) && IsClear(conditional.WhenFalse);
                    case ILocalReferenceOperation local:
                        return IsClearLocal(local.Local);
                    case IFieldReferenceOperation _:
                    case IInvocationOperation _:
                    {
                        // A static readonly field or a small method of the compilation with a known value.
                        var folded = ConstantFolding.Fold(value);
                        return folded.HasValue && (folded.Value & _mask) == 0;
                    }
                    default:
                        return false;
                }
            }

            private bool IsClearLocal(ILocalSymbol local)
            {
                if (local.RefKind != RefKind.None) return false;
                if (local.Type == null || (local.Type.TypeKind != TypeKind.Enum && !IsIntegral(local.Type))) return false;
                // A local met again while its own writes are being checked is assumed clear: the
                // invariant argument covers cycles (flags = flags | O_CREAT).
                if (!_assumed.Add(local)) return true;
                try
                {
                    int declarations = 0, writes = 0;
                    foreach (var operation in _root.Descendants())
                    {
                        if (++_steps > MaxSteps) return false;
                        switch (operation)
                        {
                            case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                                // foreach and catch variables are declarators too, assigned by what the code does not show.
                                if (!(declarator.Parent is IVariableDeclarationOperation)) return false;
                                declarations++;
                                var initializer = declarator.GetVariableInitializer();
                                if (initializer != null)
                                {
                                    writes++;
                                    if (!IsClear(initializer.Value)) return false;
                                }
                                break;
                            case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                                switch (Access(reference))
                                {
                                    case LocalAccess.Read:
                                        break;
                                    case LocalAccess.ClearingWrite:
                                        writes++;
                                        break;
                                    case LocalAccess.Write:
                                        writes++;
                                        if (!IsClear(WrittenValue(reference))) return false;
                                        break;
                                    default:
                                        return false;
                                }
                                break;
                        }
                    }
                    return declarations == 1 && writes > 0;
                }
                finally
                {
                    _assumed.Remove(local);
                }
            }

            private enum LocalAccess { Read, Write, ClearingWrite, Unknown }

            private static LocalAccess Access(ILocalReferenceOperation reference)
            {
                if (reference.IsDeclaration) return LocalAccess.Unknown;
                var parent = reference.Parent;
                switch (parent)
                {
                    case ISimpleAssignmentOperation assignment:
                        if (assignment.IsRef) return LocalAccess.Unknown;
                        return assignment.Target == reference ? LocalAccess.Write : LocalAccess.Read;
                    case ICompoundAssignmentOperation compound when compound.Target == reference:
                        if (compound.OperatorMethod != null) return LocalAccess.Unknown;
                        switch (compound.OperatorKind)
                        {
                            case BinaryOperatorKind.Or:
                            case BinaryOperatorKind.ExclusiveOr:
                                return LocalAccess.Write;
                            case BinaryOperatorKind.And:
                                return LocalAccess.ClearingWrite;
                            default:
                                return LocalAccess.Unknown;
                        }
                    case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
                        return LocalAccess.Unknown;
                    case IIncrementOrDecrementOperation _:
                    case IAddressOfOperation _:
                    case IDeclarationExpressionOperation _:
                    case IInvalidOperation _:
                        return LocalAccess.Unknown;
                    case IArgumentOperation argument:
                        return argument.Parameter == null || argument.Parameter.RefKind != RefKind.None ? LocalAccess.Unknown : LocalAccess.Read;
                    case IVariableInitializerOperation initializer:
                        return IsRefDeclaration(initializer.Parent) ? LocalAccess.Unknown : LocalAccess.Read;
                    case ITupleOperation tuple:
                        return IsDeconstructionTarget(tuple) ? LocalAccess.Unknown : LocalAccess.Read;
                    default:
                        return LocalAccess.Read;
                }
            }

            private static IOperation? WrittenValue(ILocalReferenceOperation reference) => reference.Parent switch
            {
                ISimpleAssignmentOperation assignment => assignment.Value,
                ICompoundAssignmentOperation compound => compound.Value,
                _ => null,
            };

            private static bool IsRefDeclaration(IOperation? parent) => parent switch
            {
                IVariableDeclaratorOperation declarator => declarator.Symbol.RefKind != RefKind.None,
                IVariableDeclarationOperation declaration => declaration.Declarators.Any(d => d.Symbol.RefKind != RefKind.None),
                _ => true,
            };

            private static bool IsDeconstructionTarget(ITupleOperation tuple)
            {
                IOperation current = tuple;
                while (current.Parent is ITupleOperation outer) current = outer;
                return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
            }
        }

        private static Dictionary<string, Spec> BuildSpecs()
        {
            var specs = new Dictionary<string, Spec>(StringComparer.Ordinal);
            void Flags(string call, int index, string flag, long value, string role = "flags", int newOnlyWhenMinusOne = -1) =>
                specs.Add(call, new Spec(index, flag, value, role, null, newOnlyWhenMinusOne, isFcntl: false));
            void Always(string call, string advice, string? flag = null) =>
                specs.Add(call, new Spec(-1, flag, 0, "flags", advice, -1, isFcntl: false));

            Flags("open", 1, "O_CLOEXEC", OCloexec);
            Flags("open64", 1, "O_CLOEXEC", OCloexec);
            Flags("openat", 2, "O_CLOEXEC", OCloexec);
            Flags("openat64", 2, "O_CLOEXEC", OCloexec);
            Flags("open_by_handle_at", 2, "O_CLOEXEC", OCloexec);
            Always("creat", "use open with O_CREAT|O_WRONLY|O_TRUNC|O_CLOEXEC");
            Always("creat64", "use open with O_CREAT|O_WRONLY|O_TRUNC|O_CLOEXEC");

            Always("pipe", "use pipe2 with O_CLOEXEC");
            Flags("pipe2", 1, "O_CLOEXEC", OCloexec);
            Always("dup", "use fcntl(fd, F_DUPFD_CLOEXEC, 0)");
            Flags("dup3", 2, "O_CLOEXEC", OCloexec);
            // dup2 is left alone: its usual job is to put a descriptor on 0, 1 or 2 for a child to inherit.

            Flags("socket", 1, "SOCK_CLOEXEC", OCloexec, role: "type");
            Flags("socketpair", 1, "SOCK_CLOEXEC", OCloexec, role: "type");
            Always("accept", "use accept4 with SOCK_CLOEXEC");
            Flags("accept4", 3, "SOCK_CLOEXEC", OCloexec);

            // Mono.Posix's epoll_create has an overload taking EpollFlags (it calls epoll_create1).
            Always("epoll_create", "use epoll_create1(EPOLL_CLOEXEC)", flag: "EPOLL_CLOEXEC");
            Flags("epoll_create1", 0, "EPOLL_CLOEXEC", OCloexec);
            Flags("eventfd", 1, "EFD_CLOEXEC", OCloexec);
            Always("inotify_init", "use inotify_init1(IN_CLOEXEC)");
            Flags("inotify_init1", 0, "IN_CLOEXEC", OCloexec);
            Flags("timerfd_create", 1, "TFD_CLOEXEC", OCloexec);
            Flags("signalfd", 2, "SFD_CLOEXEC", OCloexec, newOnlyWhenMinusOne: 0);
            Flags("memfd_create", 1, "MFD_CLOEXEC", 1);
            Flags("fanotify_init", 0, "FAN_CLOEXEC", 1);
            Flags("userfaultfd", 0, "O_CLOEXEC", OCloexec);

            Always("mkstemp", "use mkostemp with O_CLOEXEC");
            Always("mkstemp64", "use mkostemp with O_CLOEXEC");
            Always("mkstemps", "use mkostemps with O_CLOEXEC");
            Always("mkstemps64", "use mkostemps with O_CLOEXEC");
            Flags("mkostemp", 1, "O_CLOEXEC", OCloexec);
            Flags("mkostemp64", 1, "O_CLOEXEC", OCloexec);
            Flags("mkostemps", 2, "O_CLOEXEC", OCloexec);
            Flags("mkostemps64", 2, "O_CLOEXEC", OCloexec);

            specs.Add("fcntl", new Spec(-1, null, 0, "flags", null, -1, isFcntl: true));
            return specs;
        }

        /// <summary>What the C call takes: the flags argument's index and flag, or the advice when it takes none.</summary>
        private sealed class Spec
        {
            public Spec(int flagIndex, string? flag, long value, string role, string? advice, int newOnlyWhenMinusOne, bool isFcntl)
            {
                FlagIndex = flagIndex;
                Flag = flag;
                Value = value;
                Role = role;
                Advice = advice;
                NewOnlyWhenMinusOne = newOnlyWhenMinusOne;
                IsFcntl = isFcntl;
            }

            /// <summary>The C argument that carries the flag; -1 when the call has none (pipe, dup, accept ...).</summary>
            public int FlagIndex { get; }
            public string? Flag { get; }
            /// <summary>The flag's Linux value, for integer-typed bindings.</summary>
            public long Value { get; }
            /// <summary>What the message calls the argument: "flags", or "type" for socket.</summary>
            public string Role { get; }
            /// <summary>The advice for calls that cannot carry the flag.</summary>
            public string? Advice { get; }
            /// <summary>The argument that must be -1 for the call to create a descriptor (signalfd), or -1.</summary>
            public int NewOnlyWhenMinusOne { get; }
            public bool IsFcntl { get; }
        }

        private enum SiteKind { None, Always, Flags, DupCommand }

        /// <summary>How one method symbol binds a spec: where its flag goes and the flag's value in its types.</summary>
        private sealed class Site
        {
            public static readonly Site None = new Site(SiteKind.None, null!, "", "", -1, 0);

            public Site(SiteKind kind, Spec spec, string call, string advice, int ordinal, long mask, string entry = "")
            {
                Entry = entry;
                Kind = kind;
                Spec = spec;
                Call = call;
                Advice = advice;
                Ordinal = ordinal;
                Mask = mask;
            }

            public SiteKind Kind { get; }
            /// <summary>The C call's name.</summary>
            public string Entry { get; }
            public Spec Spec { get; }
            public string Call { get; }
            public string Advice { get; }
            /// <summary>The parameter that carries the flags (or fcntl's command).</summary>
            public int Ordinal { get; }
            /// <summary>The flag's bits in the parameter's type (or F_DUPFD's value).</summary>
            public long Mask { get; }
        }
    }
}
