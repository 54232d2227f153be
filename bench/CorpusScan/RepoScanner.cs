using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CorpusScan
{
    /// <summary>
    /// The projects of one repository and their compilations, each built once: a project's
    /// ProjectReferences are compiled first and referenced as compilations.
    /// </summary>
    internal sealed class RepoScanner
    {
        private readonly string _root;
        private readonly ImmutableArray<MetadataReference> _baseReferences;
        private readonly Dictionary<string, SyntaxTree> _trees;
        private readonly bool _concurrentBuild;
        private readonly Dictionary<string, Compilation?> _compilations = new Dictionary<string, Compilation?>(StringComparer.Ordinal);
        private readonly HashSet<string> _projectDirs;
        private readonly Dictionary<string, List<string>> _closures = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        public RepoScanner(string root, ImmutableArray<MetadataReference> baseReferences, Dictionary<string, SyntaxTree> trees, bool concurrentBuild)
        {
            _root = Path.GetFullPath(root);
            _baseReferences = baseReferences;
            _trees = trees;
            _concurrentBuild = concurrentBuild;
            Projects = EnumerateFiles(_root, "*.csproj").OrderBy(p => p, StringComparer.Ordinal).ToList();
            _projectDirs = new HashSet<string>(Projects.Select(p => Path.GetDirectoryName(p)!), StringComparer.Ordinal);
        }

        public List<string> Projects { get; }

        public Compilation CompilationOf(string project) =>
            Build(Path.GetFullPath(project), new HashSet<string>(StringComparer.Ordinal))
            ?? throw new InvalidOperationException("project could not be compiled");

        private Compilation? Build(string project, HashSet<string> inProgress)
        {
            if (_compilations.TryGetValue(project, out var cached)) return cached;
            if (!File.Exists(project) || !inProgress.Add(project)) return null;
            var model = ProjectModel.Read(project);
            var references = new List<MetadataReference>(_baseReferences);
            // Project references are transitive, as in SDK projects.
            var closure = new List<string>();
            foreach (var reference in model.ProjectReferences.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
            {
                if (!reference.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)) continue;
                if (Build(reference, inProgress) == null) continue;
                foreach (var p in _closures[reference].Append(reference))
                {
                    if (!closure.Contains(p)) closure.Add(p);
                }
            }
            foreach (var p in closure)
            {
                if (_compilations.TryGetValue(p, out var c) && c != null) references.Add(c.ToMetadataReference());
            }
            var parse = new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.None, SourceCodeKind.Regular, model.Defines.Distinct(StringComparer.Ordinal));
            var sources = Sources(model);
            var trees = new List<SyntaxTree>();
            foreach (var file in sources)
            {
                var key = file + "|" + string.Join(";", parse.PreprocessorSymbolNames);
                if (!_trees.TryGetValue(key, out var tree))
                {
                    tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), parse, path: file, encoding: Encoding.UTF8);
                    _trees[key] = tree;
                }
                trees.Add(tree);
            }
            var usings = new List<string>();
            if (model.ImplicitUsings)
            {
                usings.AddRange(new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" });
            }
            usings.AddRange(model.Usings.Where(u => Regex.IsMatch(u, @"^[A-Za-z_][A-Za-z0-9_.]*$")));
            if (usings.Count > 0)
            {
                var text = string.Concat(usings.Distinct(StringComparer.Ordinal).Select(u => "global using global::" + u + ";\n"));
                trees.Add(CSharpSyntaxTree.ParseText(text, parse, path: Path.Combine(model.Directory, "obj", "GlobalUsings.g.cs")));
            }
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: _concurrentBuild);
            var result = CSharpCompilation.Create(model.AssemblyName, trees, references, options);
            inProgress.Remove(project);
            _compilations[project] = result;
            _closures[project] = closure;
            return result;
        }

        /// <summary>The project's C# files: default items (unless turned off) plus explicit includes, minus removes.</summary>
        private List<string> Sources(ProjectModel model)
        {
            var files = new SortedSet<string>(StringComparer.Ordinal);
            if (model.DefaultCompileItems)
            {
                foreach (var f in EnumerateFiles(model.Directory, "*.cs"))
                {
                    if (!InNestedProject(model.Directory, f)) files.Add(f);
                }
            }
            foreach (var include in model.CompileIncludes)
            {
                foreach (var f in Glob(include)) files.Add(f);
            }
            foreach (var remove in model.CompileRemoves)
            {
                foreach (var f in Glob(remove)) files.Remove(f);
            }
            return files.ToList();
        }

        /// <summary>Whether a file lies under another project's folder below this project's own.</summary>
        private bool InNestedProject(string projectDir, string file)
        {
            var dir = Path.GetDirectoryName(file);
            while (dir != null && dir.Length > projectDir.Length)
            {
                if (_projectDirs.Contains(dir)) return true;
                dir = Path.GetDirectoryName(dir);
            }
            return false;
        }

        /// <summary>Files matching an MSBuild item pattern (*, ?, ** and plain paths).</summary>
        private static IEnumerable<string> Glob(string pattern)
        {
            pattern = pattern.Replace('\\', '/');
            if (pattern.IndexOfAny(new[] { '*', '?' }) < 0)
            {
                var full = Path.GetFullPath(pattern);
                if (File.Exists(full) && full.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)) yield return full;
                yield break;
            }
            int wild = pattern.IndexOfAny(new[] { '*', '?' });
            int slash = pattern.LastIndexOf('/', wild);
            var baseDir = slash < 0 ? "." : pattern.Substring(0, slash);
            if (baseDir.Length == 0) baseDir = "/";
            baseDir = Path.GetFullPath(baseDir);
            if (!Directory.Exists(baseDir)) yield break;
            var rest = slash < 0 ? pattern : pattern.Substring(slash + 1);
            var regex = new Regex("^" + Regex.Escape(rest).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
            foreach (var f in EnumerateFiles(baseDir, "*.cs"))
            {
                if (regex.IsMatch(Path.GetRelativePath(baseDir, f).Replace('\\', '/'))) yield return f;
            }
        }

        /// <summary>Files under a folder, skipping bin/, obj/ and hidden folders.</summary>
        private static IEnumerable<string> EnumerateFiles(string dir, string pattern)
        {
            var stack = new Stack<string>();
            stack.Push(dir);
            while (stack.Count > 0)
            {
                var d = stack.Pop();
                string[] files, dirs;
                try
                {
                    files = Directory.GetFiles(d, pattern);
                    dirs = Directory.GetDirectories(d);
                }
                catch (Exception)
                {
                    continue;
                }
                foreach (var f in files) yield return Path.GetFullPath(f);
                foreach (var sub in dirs)
                {
                    var name = Path.GetFileName(sub);
                    if (name.Equals("bin", StringComparison.OrdinalIgnoreCase) || name.Equals("obj", StringComparison.OrdinalIgnoreCase) || name.StartsWith(".", StringComparison.Ordinal)) continue;
                    stack.Push(sub);
                }
            }
        }
    }
}
