using Microsoft.CodeAnalysis;

namespace FdSafety.Analyzers
{
    /// <summary>Every diagnostic descriptor of the package, built in one place.</summary>
    public static class Descriptors
    {
        public const string Category = "FdSafety";
        /// <summary>
        /// Where every help link points: docs/rules.md of the repository, one anchor per rule. Built from
        /// RepositoryUrl/RepositoryBranch in Directory.Build.props (generated into <c>RepositoryInfo</c>).
        /// </summary>
        public const string HelpBase = RepositoryInfo.Url + "/blob/" + RepositoryInfo.Branch + "/docs/rules.md#";

        public static readonly DiagnosticDescriptor DoubleClose = Create(
            DiagnosticIds.DoubleClose,
            "Descriptor closed twice",
            "'{0}' (acquired on line {1}) is closed here after it was already closed{2}",
            "A descriptor was closed, or its owner disposed, a second time. The number may already belong to another file opened in between, which this close would then destroy.",
            "CWE-1341");

        public static readonly DiagnosticDescriptor UseAfterClose = Create(
            DiagnosticIds.UseAfterClose,
            "Descriptor used after close",
            "'{0}' (acquired on line {1}) is used here after it was closed{2}",
            "A descriptor is read, written or otherwise used after it was closed. The number may since have been reused for another file, socket or pipe.",
            "CWE-910");

        public static readonly DiagnosticDescriptor Leak = Create(
            DiagnosticIds.Leak,
            "Descriptor leaked",
            "'{0}' acquired on line {1} is not closed on every path{2}",
            "A descriptor acquired here reaches a method exit on some path without being closed, returned, stored or handed to an owner. Each leak holds a kernel object open until the process ends.",
            "CWE-775");

        public static readonly DiagnosticDescriptor RawFdBoundary = Create(
            DiagnosticIds.RawFdBoundary,
            "Raw int descriptor crosses a method boundary",
            "'{0}' carries a file descriptor as a raw {1}; use OwnedFd (ownership passes) or BorrowedFd (lent for the call)",
            "An integer parameter, return value, field or property carries a file descriptor. Nothing in its type says who owns it; OwnedFd and BorrowedFd state it and let the compiler keep to it.",
            new string[0]);

        public static readonly DiagnosticDescriptor UncheckedFailure = Create(
            DiagnosticIds.UncheckedFailure,
            "Descriptor used without checking for failure",
            "'{0}' (acquired on line {1}) may be -1 here: check the result for failure before using it",
            "The acquiring call returns -1 on failure. Using the result without checking passes -1 on to the next call, which fails with EBADF and hides the original error.",
            "CWE-252", "CWE-690");

        public static readonly DiagnosticDescriptor CloseNotOwned = Create(
            DiagnosticIds.CloseNotOwned,
            "Closing a descriptor this code does not own",
            "'{0}' is not owned here ({1}); closing it breaks its owner",
            "The descriptor belongs to someone else: a standard stream, a BorrowedFd, a SafeHandle that still owns it, an OwnedFd's AsRawFd(), or a borrowed parameter. Its owner will close it again, or use it after this close.",
            "CWE-1341");

        public static readonly DiagnosticDescriptor MissingCloexec = Create(
            DiagnosticIds.MissingCloexec,
            "Descriptor created without close-on-exec",
            "{0} creates a descriptor without close-on-exec; {1}",
            "A descriptor without FD_CLOEXEC is inherited by every child process started later, which may keep files, pipes and sockets open or read what it should not.",
            "CWE-403");

        public static readonly DiagnosticDescriptor AccessMode = Create(
            DiagnosticIds.AccessMode,
            "Read or write against the descriptor's access mode",
            "'{0}' (acquired on line {1}) is {2}; this {3} fails with EBADF",
            "The descriptor was opened read-only (or write-only, or is one end of a pipe), and the call does the other thing. The kernel rejects it with EBADF.",
            new string[0]);

        public static readonly DiagnosticDescriptor IgnoredWrite = Create(
            DiagnosticIds.IgnoredWrite,
            "Result of a write ignored",
            "The result of {0} is ignored: a partial write or an error is lost",
            "write and its relatives may write fewer bytes than asked, or fail. Discarding the result loses data silently. Loop until all is written (Fd.WriteAll), or discard with '_ =' on purpose.",
            "CWE-252");

        public static readonly DiagnosticDescriptor AnalysisFailure = Create(
            DiagnosticIds.AnalysisFailure,
            "FdSafety could not analyze this code",
            "FdSafety could not analyze '{0}': {1}; its descriptors are not checked",
            "The flow analysis failed on this member with an internal error, so none of its descriptors were checked. Reported only with fdsafety.report_internal_errors = true; please report the code that causes it.",
            new string[0]);

        public static System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All { get; } =
            System.Collections.Immutable.ImmutableArray.Create(
                DoubleClose, UseAfterClose, Leak, RawFdBoundary, UncheckedFailure, CloseNotOwned,
                MissingCloexec, AccessMode, IgnoredWrite, AnalysisFailure);

        private static DiagnosticDescriptor Create(string id, string title, string message, string description, params string[] cwes)
        {
            var tags = new System.Collections.Generic.List<string>(cwes);
            return new DiagnosticDescriptor(
                id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
                description: description, helpLinkUri: HelpBase + id.ToLowerInvariant(),
                customTags: tags.ToArray());
        }
    }
}
