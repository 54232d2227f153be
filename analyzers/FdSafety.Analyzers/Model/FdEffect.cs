using System.Collections.Immutable;

namespace FdSafety.Analyzers.Model
{
    /// <summary>What a call does to the descriptor passed at one argument position.</summary>
    public enum ArgumentRole
    {
        /// <summary>The call uses the descriptor (read, write, fstat ...) and leaves it open.</summary>
        Use,
        /// <summary>The call closes the descriptor (close, Dispose, a [ReleasesFd] parameter).</summary>
        Close,
        /// <summary>The call takes ownership and keeps the descriptor open in a new owner (UnixStream(fd, true), OwnedFd.FromRawFd).</summary>
        Transfer,
        /// <summary>The call keeps the descriptor somewhere this method cannot see (a field, a collection); it is no longer this method's to close.</summary>
        Escape,
    }

    /// <summary>How a call hands out a new descriptor.</summary>
    public enum AcquireShape
    {
        None,
        /// <summary>The return value is the descriptor (open, socket, Fd.Open).</summary>
        ReturnValue,
        /// <summary>The return value is a tuple whose elements are descriptors (Fd.Pipe).</summary>
        ReturnTuple,
        /// <summary>An int[] argument is filled at indices 0 and 1 (pipe, pipe2, socketpair).</summary>
        ArrayArgument,
        /// <summary>Out arguments receive the descriptors (Syscall.pipe(out r, out w)).</summary>
        OutArguments,
    }

    /// <summary>Whether the descriptor is opened for reading, writing or both, when that is known.</summary>
    public enum AccessMode
    {
        Unknown = 0,
        ReadOnly = 1,
        WriteOnly = 2,
        ReadWrite = 3,
    }

    /// <summary>What a call does with descriptors: the analyzer's view of one API.</summary>
    public sealed class FdEffect
    {
        public static readonly FdEffect None = new FdEffect();

        /// <summary>The API's display name in messages, e.g. "open" or "Fd.Open".</summary>
        public string Name { get; set; } = "";

        public AcquireShape Acquire { get; set; }

        /// <summary>The argument index for <see cref="AcquireShape.ArrayArgument"/>.</summary>
        public int AcquireArgument { get; set; } = -1;

        /// <summary>The acquired value is a raw number that is -1 on failure (not an owner object that throws).</summary>
        public bool MayFail { get; set; }

        /// <summary>The acquired value is an owner object (OwnedFd) rather than a raw number.</summary>
        public bool IsOwnerObject { get; set; }


        /// <summary>The descriptors the call acquires have this access mode.</summary>
        public AccessMode Mode { get; set; }

        /// <summary>For pipe-like calls, the first element is the read end and the second the write end.</summary>
        public bool PipeEnds { get; set; }

        /// <summary>Argument index to role; only descriptor-carrying arguments appear.</summary>
        public ImmutableDictionary<int, ArgumentRole> Arguments { get; set; } = ImmutableDictionary<int, ArgumentRole>.Empty;

        /// <summary>What the call does to its receiver (for OwnedFd members), or null.</summary>
        public ArgumentRole? Receiver { get; set; }

        /// <summary>The call returns a descriptor it does not own (AsRawFd, DangerousGetHandle, BorrowedFd.Stdout).</summary>
        public string? ReturnsBorrowed { get; set; }

        /// <summary>The returned descriptor is the one passed at this argument (dup2 returns newfd); -1 if none.</summary>
        public int ReturnsArgument { get; set; } = -1;

        /// <summary>The created object is a non-owning wrapper of the descriptor at this argument (SafeFileHandle(fd, false)); -1 if none.</summary>
        public int WrapsArgument { get; set; } = -1;

        /// <summary>The receiver gives up ownership of its descriptor (OwnedFd.IntoRawFd).</summary>
        public bool ReceiverGivesUp { get; set; }

        /// <summary>The call reads from the descriptor at this argument (for access-mode checks); -1 if none.</summary>
        public int ReadsArgument { get; set; } = -1;

        /// <summary>The call writes to the descriptor at this argument (for access-mode checks); -1 if none.</summary>
        public int WritesArgument { get; set; } = -1;

        /// <summary>The effect is not about descriptors at all (List&lt;int&gt;.Add keeps any int): it says nothing about what the value is.</summary>
        public bool IsGeneric { get; set; }

        /// <summary>
        /// Argument positions whose role says nothing about whether the value is a descriptor: a method of the
        /// compilation that only stores, forwards or captures its parameter keeps what it is given (an acquired
        /// descriptor is handed on), but the caller's value is not thereby a descriptor.
        /// </summary>
        public ImmutableHashSet<int> WithoutEvidence { get; set; } = ImmutableHashSet<int>.Empty;

        /// <summary>Whether the role at this argument is evidence that the value passed there is a descriptor.</summary>
        public bool IsEvidence(int argument) => !IsGeneric && !WithoutEvidence.Contains(argument);

        /// <summary>
        /// For <see cref="AcquireShape.OutArguments"/> from a method's summary: the out parameters that receive
        /// descriptors (empty: every raw out parameter, as a binding's pipe(out r, out w) has).
        /// </summary>
        public ImmutableArray<int> OutOrdinals { get; set; } = ImmutableArray<int>.Empty;

        /// <summary>
        /// Arguments the method closes only when it returns the given bool (a helper that cleans up when it
        /// fails): the call's result is a status, and a test of it closes the argument on that branch.
        /// </summary>
        public ImmutableDictionary<int, bool> ClosesWhenReturns { get; set; } = ImmutableDictionary<int, bool>.Empty;

        /// <summary>
        /// A method whose close depends on a bool parameter (`CloseIf(fd, close)`): its summaries for calls
        /// that pass the constant true and false there. Empty for every other method.
        /// </summary>
        public ImmutableArray<(int Ordinal, FdEffect WhenTrue, FdEffect WhenFalse)> BoolVariants { get; set; } =
            ImmutableArray<(int Ordinal, FdEffect WhenTrue, FdEffect WhenFalse)>.Empty;

        /// <summary>int[] parameters whose elements the method closes (`foreach (var fd in fds) close(fd);`).</summary>
        public ImmutableHashSet<int> ClosesElements { get; set; } = ImmutableHashSet<int>.Empty;

        /// <summary>
        /// <c>ref</c> parameters that hold -1 at every normal exit unless they failed the method's own check
        /// (`close(fd); fd = -1;`): the caller's variable is -1 after the call.
        /// </summary>
        public ImmutableHashSet<int> ResetsRef { get; set; } = ImmutableHashSet<int>.Empty;

        public bool IsNone => ReferenceEquals(this, None);

        /// <summary>The method calls something that may change any field of its object (an unknown member, a delegate, this passed on).</summary>
        public bool MayChangeAnyField { get; set; }

        /// <summary>
        /// For a method of the compilation: what it does to the descriptor fields of its own object and the
        /// static fields of its type (keyed by field symbol). Empty for anything else.
        /// </summary>
        public ImmutableDictionary<Microsoft.CodeAnalysis.ISymbol, FieldAction> Fields { get; set; } =
            ImmutableDictionary<Microsoft.CodeAnalysis.ISymbol, FieldAction>.Empty.WithComparers(Microsoft.CodeAnalysis.SymbolEqualityComparer.Default);

        public bool HasDescriptorEffect =>
            Acquire != AcquireShape.None || Arguments.Count > 0 || Receiver != null || ReturnsBorrowed != null || ReturnsArgument >= 0
            || ClosesElements.Count > 0 || Fields.Count > 0;
    }
}
