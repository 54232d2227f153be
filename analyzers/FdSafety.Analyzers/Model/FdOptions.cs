using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Model
{
    /// <summary>The fdsafety.* options of one syntax tree (.editorconfig / .globalconfig).</summary>
    public sealed class FdOptions : IEquatable<FdOptions>
    {
        public const string ExceptionPathsKey = "fdsafety.exception_paths";
        public const string AcquireMethodsKey = "fdsafety.acquire_methods";
        public const string ReleaseMethodsKey = "fdsafety.release_methods";
        public const string BorrowMethodsKey = "fdsafety.borrow_methods";
        public const string ReportInternalErrorsKey = "fdsafety.report_internal_errors";

        public static readonly FdOptions Default = new FdOptions(false, ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty);

        public FdOptions(bool exceptionPaths, ImmutableHashSet<string> acquire, ImmutableHashSet<string> release, ImmutableHashSet<string> borrow, bool reportInternalErrors = false)
        {
            ReportInternalErrors = reportInternalErrors;
            ExceptionPaths = exceptionPaths;
            AcquireMethods = acquire;
            ReleaseMethods = release;
            BorrowMethods = borrow;
        }

        /// <summary>Treat every call as a possible exception exit when looking for leaks.</summary>
        public bool ExceptionPaths { get; }

        /// <summary>Report a method the analysis failed on (FDS9000) instead of staying silent about it.</summary>
        public bool ReportInternalErrors { get; }

        /// <summary>Documentation comment ids (M:Ns.Type.Method(System.String)) of methods that return a new descriptor.</summary>
        public ImmutableHashSet<string> AcquireMethods { get; }

        /// <summary>Methods that close (or take ownership of) their first descriptor parameter.</summary>
        public ImmutableHashSet<string> ReleaseMethods { get; }

        /// <summary>Methods that only use their first descriptor parameter.</summary>
        public ImmutableHashSet<string> BorrowMethods { get; }

        public bool IsEmpty => AcquireMethods.Count == 0 && ReleaseMethods.Count == 0 && BorrowMethods.Count == 0;

        public static FdOptions Read(AnalyzerConfigOptions options)
        {
            bool exceptionPaths = IsTrue(options, ExceptionPathsKey);
            bool reportInternalErrors = IsTrue(options, ReportInternalErrorsKey);
            var acquire = ReadList(options, AcquireMethodsKey);
            var release = ReadList(options, ReleaseMethodsKey);
            var borrow = ReadList(options, BorrowMethodsKey);
            if (!exceptionPaths && !reportInternalErrors && acquire.IsEmpty && release.IsEmpty && borrow.IsEmpty) return Default;
            return new FdOptions(exceptionPaths, acquire, release, borrow, reportInternalErrors);
        }

        private static bool IsTrue(AnalyzerConfigOptions options, string key) =>
            options.TryGetValue(key, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        private static ImmutableHashSet<string> ReadList(AnalyzerConfigOptions options, string key)
        {
            if (!options.TryGetValue(key, out var raw) || string.IsNullOrWhiteSpace(raw)) return ImmutableHashSet<string>.Empty;
            // Ids are separated by commas or semicolons; a comma inside an id's parameter list
            // (M:N.T.Close(System.String,System.Int32)) belongs to the id.
            var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            int depth = 0;
            int start = 0;
            for (int i = 0; i <= raw!.Length; i++)
            {
                char c = i < raw.Length ? raw[i] : ',';
                if (c == '(' || c == '[' || c == '{') depth++;
                else if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
                else if ((c == ',' || c == ';') && (depth == 0 || i == raw.Length))
                {
                    var id = raw.Substring(start, i - start).Trim();
                    if (id.Length > 0) builder.Add(id);
                    start = i + 1;
                    depth = 0;
                }
            }
            return builder.ToImmutable();
        }

        public bool Equals(FdOptions? other) =>
            other != null && ExceptionPaths == other.ExceptionPaths && ReportInternalErrors == other.ReportInternalErrors && AcquireMethods.SetEquals(other.AcquireMethods)
            && ReleaseMethods.SetEquals(other.ReleaseMethods) && BorrowMethods.SetEquals(other.BorrowMethods);

        public override bool Equals(object? obj) => Equals(obj as FdOptions);

        public override int GetHashCode() =>
            (ExceptionPaths ? 1 : 0) ^ (ReportInternalErrors ? 2 : 0) ^ (AcquireMethods.Count * 31) ^ (ReleaseMethods.Count * 131) ^ (BorrowMethods.Count * 1031);
    }
}
