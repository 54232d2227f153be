using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CorpusScan
{
    /// <summary>
    /// What the scan needs from one .csproj, read by a small MSBuild subset: properties and items of the
    /// project and of the Directory.Build.props files above it (with their imports), simple conditions
    /// ('a' == 'b', !=, and, or, !, Exists), $(Property) substitution and GetPathOfFileAbove. Anything
    /// beyond that (targets, other property functions, package props) is not evaluated: an unknown
    /// property is empty and a condition that cannot be read is false.
    /// </summary>
    internal sealed class ProjectModel
    {
        public string Path = "";
        public string Directory = "";
        public string AssemblyName = "";
        public string TargetFramework = "";
        public bool ImplicitUsings;
        public bool DefaultCompileItems = true;
        public List<string> Defines = new List<string>();
        public List<string> ProjectReferences = new List<string>();
        public List<string> CompileIncludes = new List<string>();
        public List<string> CompileRemoves = new List<string>();
        public List<string> Usings = new List<string>();

        public static ProjectModel Read(string projectPath)
        {
            projectPath = System.IO.Path.GetFullPath(projectPath);
            // First pass finds the target frameworks; the second evaluates with the chosen one set.
            var first = new Evaluator(projectPath, null);
            first.Run();
            var tfms = Split(first.Get("TargetFrameworks"));
            if (tfms.Count == 0) tfms = Split(first.Get("TargetFramework"));
            string tfm = ChooseTfm(tfms);
            var ev = new Evaluator(projectPath, tfm);
            ev.Run();

            var model = new ProjectModel
            {
                Path = projectPath,
                Directory = System.IO.Path.GetDirectoryName(projectPath)!,
                TargetFramework = tfm,
            };
            var name = ev.Get("AssemblyName");
            model.AssemblyName = name.Length > 0 ? name : System.IO.Path.GetFileNameWithoutExtension(projectPath);
            model.ImplicitUsings = IsTrue(ev.Get("ImplicitUsings")) || ev.Get("ImplicitUsings").Equals("enable", StringComparison.OrdinalIgnoreCase);
            model.DefaultCompileItems = !IsFalse(ev.Get("EnableDefaultItems")) && !IsFalse(ev.Get("EnableDefaultCompileItems"));
            model.Defines.AddRange(TfmDefines(tfm));
            model.Defines.Add("DEBUG");
            model.Defines.Add("TRACE");
            foreach (var d in Split(ev.Get("DefineConstants")))
            {
                if (Regex.IsMatch(d, "^[A-Za-z_][A-Za-z0-9_]*$")) model.Defines.Add(d);
            }
            model.ProjectReferences.AddRange(ev.Items("ProjectReference"));
            model.CompileIncludes.AddRange(ev.Items("Compile"));
            model.CompileRemoves.AddRange(ev.Removes("Compile"));
            model.Usings.AddRange(ev.Items("Using", resolvePaths: false));
            return model;
        }

        private static bool IsTrue(string v) => v.Equals("true", StringComparison.OrdinalIgnoreCase);

        private static bool IsFalse(string v) => v.Equals("false", StringComparison.OrdinalIgnoreCase);

        internal static List<string> Split(string v) =>
            v.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

        /// <summary>The framework compiled against the net10 reference pack: the newest .NET one if any, else the first.</summary>
        internal static string ChooseTfm(List<string> tfms)
        {
            string best = "";
            Version bestVersion = new Version(0, 0);
            foreach (var t in tfms)
            {
                var m = Regex.Match(t, @"^net(\d+)\.(\d+)", RegexOptions.IgnoreCase);
                if (m.Success)
                {
                    var v = new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
                    if (v > bestVersion) { bestVersion = v; best = t; }
                }
            }
            if (best.Length > 0) return best;
            var core = tfms.FirstOrDefault(t => t.StartsWith("netcoreapp", StringComparison.OrdinalIgnoreCase));
            if (core != null) return core;
            var std = tfms.FirstOrDefault(t => t.StartsWith("netstandard", StringComparison.OrdinalIgnoreCase));
            return std ?? tfms.FirstOrDefault() ?? "net10.0";
        }

        /// <summary>The SDK's implicit preprocessor symbols for a target framework.</summary>
        internal static IEnumerable<string> TfmDefines(string tfm)
        {
            var platform = tfm.IndexOf('-') is int dash && dash > 0 ? tfm.Substring(0, dash) : tfm;
            var m = Regex.Match(platform, @"^net(\d+)\.(\d+)$", RegexOptions.IgnoreCase);
            if (m.Success && int.Parse(m.Groups[1].Value) >= 5)
            {
                int major = int.Parse(m.Groups[1].Value), minor = int.Parse(m.Groups[2].Value);
                yield return "NET";
                yield return "NETCOREAPP";
                yield return $"NET{major}_{minor}";
                for (int v = 5; v <= major; v++)
                {
                    yield return $"NET{v}_0_OR_GREATER";
                }
                foreach (var c in new[] { "1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1" }) yield return $"NETCOREAPP{c}_OR_GREATER";
                yield break;
            }
            m = Regex.Match(platform, @"^netcoreapp(\d+)\.(\d+)$", RegexOptions.IgnoreCase);
            if (m.Success)
            {
                var own = new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
                yield return "NETCOREAPP";
                yield return $"NETCOREAPP{own.Major}_{own.Minor}";
                foreach (var c in new[] { "1.0", "1.1", "2.0", "2.1", "2.2", "3.0", "3.1" })
                {
                    if (Version.Parse(c) <= own) yield return "NETCOREAPP" + c.Replace('.', '_') + "_OR_GREATER";
                }
                yield break;
            }
            m = Regex.Match(platform, @"^netstandard(\d+)\.(\d+)$", RegexOptions.IgnoreCase);
            if (m.Success)
            {
                var own = new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
                yield return "NETSTANDARD";
                yield return $"NETSTANDARD{own.Major}_{own.Minor}";
                foreach (var c in new[] { "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1" })
                {
                    if (Version.Parse(c) <= own) yield return "NETSTANDARD" + c.Replace('.', '_') + "_OR_GREATER";
                }
                yield break;
            }
            m = Regex.Match(platform, @"^net(\d)(\d)(\d?)$", RegexOptions.IgnoreCase);
            if (m.Success)
            {
                yield return "NETFRAMEWORK";
                yield return platform.ToUpperInvariant();
            }
        }

        /// <summary>One evaluation of a project: the imported props first, then the project itself.</summary>
        private sealed class Evaluator
        {
            private readonly string _project;
            private readonly Dictionary<string, string> _props = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            private readonly List<(string Type, string Include, string Remove, string Dir)> _items = new List<(string, string, string, string)>();
            private readonly HashSet<string> _imported = new HashSet<string>(StringComparer.Ordinal);

            public Evaluator(string project, string? tfm)
            {
                _project = project;
                var dir = System.IO.Path.GetDirectoryName(project)!;
                _props["MSBuildProjectName"] = System.IO.Path.GetFileNameWithoutExtension(project);
                _props["MSBuildProjectDirectory"] = dir;
                _props["MSBuildProjectFullPath"] = project;
                _props["MSBuildProjectFile"] = System.IO.Path.GetFileName(project);
                _props["Configuration"] = "Debug";
                _props["OS"] = "Unix";
                if (tfm != null) _props["TargetFramework"] = tfm;
            }

            public string Get(string name) => _props.TryGetValue(name, out var v) ? v : "";

            public void Run()
            {
                var props = FileAbove("Directory.Build.props", System.IO.Path.GetDirectoryName(_project)!);
                if (props != null) Evaluate(props, 0);
                Evaluate(_project, 0);
            }

            public IEnumerable<string> Items(string type, bool resolvePaths = true)
            {
                foreach (var item in _items)
                {
                    if (item.Type != type || item.Include.Length == 0) continue;
                    foreach (var part in Split(item.Include))
                    {
                        yield return resolvePaths ? Resolve(part) : part;
                    }
                }
            }

            public IEnumerable<string> Removes(string type)
            {
                foreach (var item in _items)
                {
                    if (item.Type != type || item.Remove.Length == 0) continue;
                    foreach (var part in Split(item.Remove)) yield return Resolve(part);
                }
            }

            private string Resolve(string path)
            {
                path = path.Replace('\\', '/');
                return System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_project)!, path);
            }

            private void Evaluate(string file, int depth)
            {
                if (depth > 16 || !_imported.Add(System.IO.Path.GetFullPath(file))) return;
                XDocument doc;
                try
                {
                    doc = XDocument.Load(file);
                }
                catch (Exception)
                {
                    return;
                }
                var thisDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))! + "/";
                var root = doc.Root;
                if (root == null) return;
                foreach (var element in root.Elements())
                {
                    if (!ConditionHolds(element, thisDir)) continue;
                    switch (element.Name.LocalName)
                    {
                        case "PropertyGroup":
                            foreach (var p in element.Elements())
                            {
                                if (!ConditionHolds(p, thisDir)) continue;
                                _props[p.Name.LocalName] = Expand(p.Value.Trim(), thisDir);
                            }
                            break;
                        case "ItemGroup":
                            foreach (var i in element.Elements())
                            {
                                if (!ConditionHolds(i, thisDir)) continue;
                                var include = Expand((string?)i.Attribute("Include") ?? "", thisDir);
                                var remove = Expand((string?)i.Attribute("Remove") ?? "", thisDir);
                                _items.Add((i.Name.LocalName, include, remove, thisDir));
                            }
                            break;
                        case "Import":
                            var target = Expand((string?)element.Attribute("Project") ?? "", thisDir).Replace('\\', '/');
                            if (target.Length == 0) break;
                            if (!System.IO.Path.IsPathRooted(target)) target = System.IO.Path.Combine(thisDir, target);
                            if (File.Exists(target)) Evaluate(target, depth + 1);
                            break;
                        case "Choose":
                            break;
                    }
                }
            }

            private bool ConditionHolds(XElement element, string thisDir)
            {
                var condition = (string?)element.Attribute("Condition");
                if (condition == null) return true;
                try
                {
                    return new ConditionParser(Expand(condition, thisDir), thisDir).Parse();
                }
                catch (Exception)
                {
                    return false;
                }
            }

            /// <summary>Substitutes $(Name) and the few property functions the scan understands; the rest becomes empty.</summary>
            private string Expand(string text, string thisDir)
            {
                if (text.IndexOf("$(", StringComparison.Ordinal) < 0) return text;
                var sb = new StringBuilder();
                int i = 0;
                while (i < text.Length)
                {
                    if (i + 1 < text.Length && text[i] == '$' && text[i + 1] == '(')
                    {
                        int depth = 0, j = i + 1;
                        for (; j < text.Length; j++)
                        {
                            if (text[j] == '(') depth++;
                            else if (text[j] == ')' && --depth == 0) break;
                        }
                        if (j >= text.Length) { sb.Append(text, i, text.Length - i); break; }
                        sb.Append(Evaluate(text.Substring(i + 2, j - i - 2).Trim(), thisDir));
                        i = j + 1;
                    }
                    else
                    {
                        sb.Append(text[i++]);
                    }
                }
                return sb.ToString();
            }

            private string Evaluate(string inner, string thisDir)
            {
                if (Regex.IsMatch(inner, "^[A-Za-z_][A-Za-z0-9_.-]*$"))
                {
                    if (inner.Equals("MSBuildThisFileDirectory", StringComparison.OrdinalIgnoreCase)) return thisDir;
                    return Get(inner);
                }
                var above = Regex.Match(inner, @"^\[MSBuild\]::GetPathOfFileAbove\(\s*'([^']*)'\s*(?:,\s*'([^']*)'\s*)?\)$", RegexOptions.IgnoreCase);
                if (above.Success)
                {
                    var start = above.Groups[2].Success ? Expand(above.Groups[2].Value, thisDir) : thisDir;
                    return FileAbove(Expand(above.Groups[1].Value, thisDir), start) ?? "";
                }
                return "";
            }

            private static string? FileAbove(string name, string start)
            {
                string? dir;
                try
                {
                    dir = System.IO.Path.GetFullPath(start);
                }
                catch (Exception)
                {
                    return null;
                }
                while (dir != null)
                {
                    var candidate = System.IO.Path.Combine(dir, name);
                    if (File.Exists(candidate)) return candidate;
                    dir = System.IO.Path.GetDirectoryName(dir);
                }
                return null;
            }
        }

        /// <summary>MSBuild conditions after substitution: quoted strings, ==, !=, and, or, !, parentheses, Exists().</summary>
        private sealed class ConditionParser
        {
            private readonly List<string> _tokens = new List<string>();
            private readonly string _dir;
            private int _pos;

            public ConditionParser(string text, string dir)
            {
                _dir = dir;
                int i = 0;
                while (i < text.Length)
                {
                    char c = text[i];
                    if (char.IsWhiteSpace(c)) { i++; continue; }
                    if (c == '\'')
                    {
                        int end = text.IndexOf('\'', i + 1);
                        if (end < 0) throw new FormatException("unterminated string");
                        _tokens.Add(text.Substring(i, end - i + 1));
                        i = end + 1;
                    }
                    else if (c == '=' || c == '!' || c == '<' || c == '>')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '=') { _tokens.Add(text.Substring(i, 2)); i += 2; }
                        else { _tokens.Add(c.ToString()); i++; }
                    }
                    else if (c == '(' || c == ')' || c == ',')
                    {
                        _tokens.Add(c.ToString());
                        i++;
                    }
                    else
                    {
                        int start = i;
                        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.' || text[i] == '-')) i++;
                        if (i == start) throw new FormatException("unexpected " + c);
                        _tokens.Add(text.Substring(start, i - start));
                    }
                }
            }

            public bool Parse()
            {
                var result = Or();
                if (_pos != _tokens.Count) throw new FormatException("trailing tokens");
                return result;
            }

            private string? Peek => _pos < _tokens.Count ? _tokens[_pos] : null;

            private bool Or()
            {
                var left = And();
                while (string.Equals(Peek, "or", StringComparison.OrdinalIgnoreCase)) { _pos++; left = And() | left; }
                return left;
            }

            private bool And()
            {
                var left = Unary();
                while (string.Equals(Peek, "and", StringComparison.OrdinalIgnoreCase)) { _pos++; left = Unary() & left; }
                return left;
            }

            private bool Unary()
            {
                if (Peek == "!") { _pos++; return !Unary(); }
                if (Peek == "(") { _pos++; var v = Or(); Expect(")"); return v; }
                if (string.Equals(Peek, "Exists", StringComparison.OrdinalIgnoreCase))
                {
                    _pos++;
                    Expect("(");
                    var path = Operand().Replace('\\', '/');
                    Expect(")");
                    if (path.Length == 0) return false;
                    if (!System.IO.Path.IsPathRooted(path)) path = System.IO.Path.Combine(_dir, path);
                    return File.Exists(path) || System.IO.Directory.Exists(path);
                }
                var left = Operand();
                var op = Peek;
                if (op == "==" || op == "!=")
                {
                    _pos++;
                    var right = Operand();
                    bool eq = string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
                    return op == "==" ? eq : !eq;
                }
                if (left.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
                if (left.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
                throw new FormatException("not a condition: " + left);
            }

            private string Operand()
            {
                var t = Peek ?? throw new FormatException("missing operand");
                _pos++;
                return t.StartsWith("'", StringComparison.Ordinal) ? t.Substring(1, t.Length - 2) : t;
            }

            private void Expect(string token)
            {
                if (Peek != token) throw new FormatException("expected " + token);
                _pos++;
            }
        }
    }
}
