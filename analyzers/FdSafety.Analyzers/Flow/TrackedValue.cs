using Microsoft.CodeAnalysis;
using FdSafety.Analyzers.Model;

namespace FdSafety.Analyzers.Flow
{
    public enum ValueKind
    {
        /// <summary>A raw number from an acquiring call (open, socket, pipe's ends ...).</summary>
        Acquired,
        /// <summary>An owner object (OwnedFd) from an acquiring call.</summary>
        Owner,
        /// <summary>The descriptor a parameter brings in: the caller's business.</summary>
        Parameter,
        /// <summary>A descriptor lent to this code, which it must not close.</summary>
        Borrowed,
        /// <summary>
        /// The 0 / -1 status of a call that acquires through an array or out arguments (pipe, socketpair):
        /// not a descriptor itself, but checking it checks the descriptors it stands for.
        /// </summary>
        Status,
        /// <summary>
        /// What a descriptor field of this object (or a static field of this type) holds when the method
        /// starts, or after a call that may have changed it: like a parameter, not this method's to leak,
        /// but it may be closed or used.
        /// </summary>
        Field,
    }

    /// <summary>One abstract descriptor: born at an acquiring operation (or a parameter), followed through every alias.</summary>
    public sealed class TrackedValue
    {
        internal TrackedValue(int id, ValueKind kind, IOperation? origin, int element, string apiName, Location location)
        {
            Id = id;
            Kind = kind;
            Origin = origin;
            Element = element;
            ApiName = apiName;
            Location = location;
        }

        public int Id { get; }
        public ValueKind Kind { get; }

        /// <summary>The acquiring operation; null for parameters.</summary>
        public IOperation? Origin { get; }

        /// <summary>Which of several descriptors the operation acquires (pipe: 0 read end, 1 write end).</summary>
        public int Element { get; }

        /// <summary>The acquiring API's name, for messages.</summary>
        public string ApiName { get; }

        /// <summary>Where the value was acquired (the acquiring call, or the parameter's declaration).</summary>
        public Location Location { get; }

        public int Line => Location.GetLineSpan().StartLinePosition.Line + 1;

        /// <summary>The first variable the value was stored in; null while it has none.</summary>
        public string? VariableName { get; internal set; }

        /// <summary>The name used in messages: the variable, or the call that made it.</summary>
        public string DisplayName => VariableName ?? ApiName + "(...)";

        /// <summary>Why this code does not own the value (for <see cref="ValueKind.Borrowed"/>).</summary>
        public string? NotOwnedReason { get; internal set; }

        /// <summary>The parameter the value came in through (for <see cref="ValueKind.Parameter"/>).</summary>
        public IParameterSymbol? Parameter { get; internal set; }

        /// <summary>The field the value was read from (for <see cref="ValueKind.Field"/>).</summary>
        public ISymbol? Field { get; internal set; }

        /// <summary>Access mode when known from constant open flags or pipe ends.</summary>
        public AccessMode Mode { get; internal set; }

        /// <summary>Who took ownership (for the "not owned" message), set when the value is transferred.</summary>
        public string? TransferredTo { get; internal set; }

        /// <summary>True when the value may be -1 on failure (a raw acquiring call's result).</summary>
        public bool MayFail { get; internal set; }

        /// <summary>For a <see cref="ValueKind.Status"/> value, the descriptors whose success it reports.</summary>
        public int[]? StatusOf { get; internal set; }

        /// <summary>For a status: true when it is a bool (true = success, as a Try method returns), false for 0 / -1.</summary>
        public bool IsBoolStatus { get; internal set; }

        /// <summary>
        /// For a status of a helper that closes its arguments on one result: that result. Its test closes
        /// <see cref="StatusOf"/> on the branch where the call returned it, and leaves them be on the other.
        /// </summary>
        public bool? ClosesWhen { get; internal set; }

        /// <summary>
        /// For the elements of this method's own <c>int[]</c> parameter (<c>fds[i]</c>, a <c>foreach</c> over
        /// it): that parameter. One value stands for every element, so it is never closed or used up; what
        /// the method does to it goes into the summary (it closes the caller's elements).
        /// </summary>
        public IParameterSymbol? ElementOf { get; internal set; }

        /// <summary>For <see cref="ElementOf"/>: true for the enumerator of a <c>foreach</c> over the array.</summary>
        public bool IsElementEnumerator { get; internal set; }
    }
}
