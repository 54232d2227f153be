using System;
using System.IO;

namespace FdSafety.Analyzers.Tests.Verifiers
{
    /// <summary>Files of this repository that tests read (docs, demo sources), found from the test assembly.</summary>
    internal static class RepositoryPaths
    {
        private static readonly Lazy<string> Root = new Lazy<string>(Find);

        public static string Of(string relative) => Path.Combine(Root.Value, relative);

        public static string RootFolder => Root.Value;

        private static string Find()
        {
            var start = Path.GetDirectoryName(typeof(RepositoryPaths).Assembly.Location) ?? AppContext.BaseDirectory;
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FdSafety.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("No folder containing FdSafety.sln above " + start);
        }
    }
}
