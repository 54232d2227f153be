namespace FdSafety.Analyzers
{
    /// <summary>The rule ids, one constant per rule; docs/rules.md has a section per id.</summary>
    public static class DiagnosticIds
    {
        public const string DoubleClose = "FDS0001";
        public const string UseAfterClose = "FDS0002";
        public const string Leak = "FDS0003";
        public const string RawFdBoundary = "FDS0004";
        public const string UncheckedFailure = "FDS0005";
        public const string CloseNotOwned = "FDS0006";
        public const string MissingCloexec = "FDS0007";
        public const string AccessMode = "FDS0008";
        public const string IgnoredWrite = "FDS0009";
        public const string AnalysisFailure = "FDS9000";
    }
}
