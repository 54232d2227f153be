using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Keeps docs/rules.md and the analyzer release files in step with the descriptors: every rule an
    /// analyzer can report has a section, an anchor its help link reaches, a row in the rules table and
    /// a release-tracking entry, all with the descriptor's own title, severity and CWE tags.
    /// </summary>
    [Trait("Category", "Docs")]
    public class DocsTests
    {
        private const string NoCwe = "—";

        private static readonly Lazy<string> RepositoryRoot = new Lazy<string>(() => FdSafety.Analyzers.Tests.Verifiers.RepositoryPaths.RootFolder);
        private static readonly Lazy<string[]> RulesLines = new Lazy<string[]>(
            () => File.ReadAllLines(Path.Combine(RepositoryRoot.Value, "docs", "rules.md")));

        /// <summary>Every descriptor in <see cref="Descriptors.All"/> and every one an analyzer of the assembly supports, by id.</summary>
        private static readonly Lazy<IReadOnlyDictionary<string, DiagnosticDescriptor>> Supported =
            new Lazy<IReadOnlyDictionary<string, DiagnosticDescriptor>>(CollectSupported);

        public static TheoryData<string> RuleIds()
        {
            var data = new TheoryData<string>();
            foreach (var id in CollectSupported().Keys.OrderBy(i => i, StringComparer.Ordinal)) data.Add(id);
            return data;
        }

        [Fact]
        public void EveryIdConstantHasADescriptor()
        {
            var ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (Name: f.Name, Id: (string)f.GetRawConstantValue()!))
                .ToList();
            Assert.NotEmpty(ids);
            var described = Descriptors.All.Select(d => d.Id).ToList();
            foreach (var (name, id) in ids)
            {
                Assert.True(described.Contains(id), $"DiagnosticIds.{name} ({id}) has no descriptor in Descriptors.All");
            }
            Assert.Equal(described.Count, described.Distinct(StringComparer.Ordinal).Count());
        }

        [Fact]
        public void AnalyzersReportOnlyDescriptorsFromDescriptorsAll()
        {
            var analyzers = AnalyzerTypes().ToList();
            Assert.NotEmpty(analyzers);
            foreach (var type in analyzers)
            {
                var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                foreach (var descriptor in analyzer.SupportedDiagnostics)
                {
                    var known = Descriptors.All.FirstOrDefault(d => d.Id == descriptor.Id);
                    Assert.True(known != null, $"{type.Name} supports {descriptor.Id}, which is not in Descriptors.All");
                    Assert.Equal(known!.Title.ToString(), descriptor.Title.ToString());
                    Assert.Equal(known.DefaultSeverity, descriptor.DefaultSeverity);
                    Assert.Equal(known.HelpLinkUri, descriptor.HelpLinkUri);
                }
            }
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void SectionHeadingIsIdAndTitle(string id)
        {
            var descriptor = Supported.Value[id];
            var headings = RulesLines.Value.Where(l => l.StartsWith("## " + id + ":", StringComparison.Ordinal)).ToList();
            Assert.True(headings.Count == 1, $"docs/rules.md has {headings.Count} headings starting with '## {id}:'; expected exactly one");
            Assert.Equal("## " + id + ": " + descriptor.Title, headings[0]);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void HelpLinkReachesTheSection(string id)
        {
            var descriptor = Supported.Value[id];
            var fragment = id.ToLowerInvariant();
            Assert.EndsWith("docs/rules.md#" + fragment, descriptor.HelpLinkUri, StringComparison.Ordinal);

            var lines = RulesLines.Value;
            int heading = SectionStart(id);
            bool headingAnchor = GitHubSlug(lines[heading].Substring(3)) == fragment;
            int before = heading - 1;
            while (before >= 0 && lines[before].Trim().Length == 0) before--;
            bool explicitAnchor = before >= 0 && lines[before].Trim() == "<a id=\"" + fragment + "\"></a>";
            Assert.True(headingAnchor || explicitAnchor,
                $"No anchor '#{fragment}' at the {id} section: GitHub names the heading '#{GitHubSlug(lines[heading].Substring(3))}', and the line before it is not <a id=\"{fragment}\"></a>");

            var anchors = AllAnchors(lines);
            Assert.True(anchors.Count(a => a == fragment) == 1, $"The anchor '{fragment}' occurs {anchors.Count(a => a == fragment)} times in docs/rules.md");
        }

        /// <summary>
        /// The help links come from one place, the repository URL and branch in Directory.Build.props,
        /// and name the rule's section of docs/rules.md there.
        /// </summary>
        [Theory]
        [MemberData(nameof(RuleIds))]
        public void HelpLinkIsBuiltFromTheRepositoryUrlInTheBuildProperties(string id)
        {
            var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot.Value, "Directory.Build.props"));
            string Property(string name)
            {
                var values = props.Descendants(name).Select(e => e.Value.Trim()).Distinct().ToList();
                Assert.True(values.Count == 1, $"Directory.Build.props sets {name} {values.Count} ways; expected one");
                return values[0];
            }
            var url = Property("RepositoryUrl").TrimEnd('/');
            Assert.StartsWith("https://", url, StringComparison.Ordinal);
            Assert.Equal(url + "/blob/" + Property("RepositoryBranch") + "/docs/rules.md#" + id.ToLowerInvariant(), Supported.Value[id].HelpLinkUri);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void RulesTableRowMatchesDescriptor(string id)
        {
            var descriptor = Supported.Value[id];
            var rows = TableRows(RulesLines.Value)
                .Where(cells => cells.Length > 0 && cells[0] == "[" + id + "](#" + id.ToLowerInvariant() + ")")
                .ToList();
            Assert.True(rows.Count == 1, $"The rules table has {rows.Count} rows whose first cell is [{id}](#{id.ToLowerInvariant()}); expected exactly one");
            var row = rows[0];
            Assert.True(row.Length == 4, $"The rules table row of {id} has {row.Length} cells; expected id, title, default severity, CWE");
            Assert.Equal(descriptor.Title.ToString(), row[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
            AssertCwes(descriptor, row[3], "the rules table row of " + id);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void SectionTableStatesCategorySeverityAndCwe(string id)
        {
            var descriptor = Supported.Value[id];
            var section = SectionLines(id);
            var table = section.SkipWhile(l => !l.StartsWith("|", StringComparison.Ordinal))
                .TakeWhile(l => l.StartsWith("|", StringComparison.Ordinal))
                .Select(SplitRow)
                .Where(cells => cells.Length == 2 && !cells[0].StartsWith("-", StringComparison.Ordinal))
                .ToDictionary(cells => cells[0], cells => cells[1], StringComparer.Ordinal);
            Assert.True(table.Count > 0, $"The {id} section has no property table");

            Assert.True(table.TryGetValue("Category", out var category), $"The {id} section's table has no Category row");
            Assert.Equal(descriptor.Category, category);
            Assert.True(table.TryGetValue("Default severity", out var severity), $"The {id} section's table has no Default severity row");
            Assert.Equal(descriptor.DefaultSeverity.ToString(), severity);
            Assert.True(table.ContainsKey("Code fix"), $"The {id} section's table has no Code fix row");
            Assert.True(table.TryGetValue("CWE", out var cwe), $"The {id} section's table has no CWE row");
            AssertCwes(descriptor, cwe!, "the " + id + " section's table");
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void SectionHasEverySubsection(string id)
        {
            var subsections = SectionLines(id).Where(l => l.StartsWith("### ", StringComparison.Ordinal)).Select(l => l.Substring(4)).ToList();
            var expected = new[]
            {
                "Cause", "Why it matters", "Non-compliant example", "Compliant example", "How to fix", "Options",
                "When to suppress", "Known limits",
            };
            Assert.Equal(expected, subsections);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void ReleaseTrackingListsTheRuleWithItsSeverity(string id)
        {
            var descriptor = Supported.Value[id];
            var folder = Path.Combine(RepositoryRoot.Value, "analyzers", "FdSafety.Analyzers");
            // The unshipped file describes the newest state, so it is read last and wins.
            var entries = new List<(string File, string[] Cells)>();
            foreach (var name in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
            {
                foreach (var cells in TableRows(File.ReadAllLines(Path.Combine(folder, name))))
                {
                    if (cells.Length >= 3 && cells[0] == id) entries.Add((name, cells));
                }
            }
            Assert.True(entries.Count > 0, $"{id} is in neither AnalyzerReleases.Shipped.md nor AnalyzerReleases.Unshipped.md");
            var (file, latest) = entries[entries.Count - 1];
            Assert.True(latest[1] == descriptor.Category, $"{file} gives {id} the category '{latest[1]}'; the descriptor's is '{descriptor.Category}'");
            Assert.True(latest[2] == descriptor.DefaultSeverity.ToString(), $"{file} gives {id} the severity '{latest[2]}'; the descriptor's is '{descriptor.DefaultSeverity}'");
        }

        [Fact]
        public void RuleSectionsAreExactlyTheSupportedRulesInIdOrder()
        {
            var documented = RulesLines.Value
                .Select(l => Regex.Match(l, @"^## (FDS\d{4}):"))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value)
                .ToList();
            var supported = Supported.Value.Keys.OrderBy(i => i, StringComparer.Ordinal).ToList();
            Assert.Equal(supported, documented);

            var tableIds = TableRows(RulesLines.Value)
                .Select(cells => Regex.Match(cells.Length > 0 ? cells[0] : "", @"^\[(FDS\d{4})\]"))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value)
                .ToList();
            Assert.Equal(supported, tableIds);
        }

        [Fact]
        public void LinksWithinTheDocumentReachAnAnchor()
        {
            var lines = RulesLines.Value;
            var anchors = new HashSet<string>(AllAnchors(lines), StringComparer.Ordinal);
            var links = lines.SelectMany(l => Regex.Matches(l, @"\]\(#([^)\s]+)\)").Cast<Match>().Select(m => m.Groups[1].Value)).ToList();
            Assert.NotEmpty(links);
            var broken = links.Where(l => !anchors.Contains(l)).Distinct().ToList();
            Assert.True(broken.Count == 0, "Links to missing anchors in docs/rules.md: " + string.Join(", ", broken.Select(b => "#" + b)));
        }

        private static void AssertCwes(DiagnosticDescriptor descriptor, string cell, string where)
        {
            var expected = descriptor.CustomTags.Where(t => t.StartsWith("CWE-", StringComparison.Ordinal)).OrderBy(t => t, StringComparer.Ordinal).ToList();
            var named = Regex.Matches(cell, @"CWE-\d+").Cast<Match>().Select(m => m.Value).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
            if (expected.Count == 0)
            {
                Assert.True(cell == NoCwe, $"{descriptor.Id} has no CWE tag, so {where} should say '{NoCwe}', not '{cell}'");
            }
            else
            {
                Assert.True(expected.SequenceEqual(named), $"{where} names {Describe(named)}; the descriptor's CWE tags are {Describe(expected)}");
            }
        }

        private static string Describe(IEnumerable<string> items)
        {
            var list = items.ToList();
            return list.Count == 0 ? "none" : string.Join(", ", list);
        }

        private static int SectionStart(string id)
        {
            var lines = RulesLines.Value;
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith("## " + id + ":", StringComparison.Ordinal)) return i;
            }
            throw new Xunit.Sdk.XunitException($"docs/rules.md has no heading starting with '## {id}:'");
        }

        /// <summary>The lines after a rule's heading up to the next second-level heading.</summary>
        private static List<string> SectionLines(string id)
        {
            var lines = RulesLines.Value;
            int start = SectionStart(id);
            var section = new List<string>();
            bool inCode = false;
            for (int i = start + 1; i < lines.Length; i++)
            {
                if (lines[i].StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
                if (!inCode && lines[i].StartsWith("## ", StringComparison.Ordinal)) break;
                section.Add(lines[i]);
            }
            return section;
        }

        /// <summary>The cells of every Markdown table row outside code blocks (separator rows included).</summary>
        private static IEnumerable<string[]> TableRows(IEnumerable<string> lines)
        {
            bool inCode = false;
            foreach (var line in lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
                if (inCode) continue;
                var trimmed = line.Trim();
                if (trimmed.Contains('|') && !trimmed.StartsWith(";", StringComparison.Ordinal) && !trimmed.StartsWith("<", StringComparison.Ordinal))
                {
                    yield return SplitRow(trimmed);
                }
            }
        }

        private static string[] SplitRow(string line)
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("|", StringComparison.Ordinal)) trimmed = trimmed.Substring(1);
            if (trimmed.EndsWith("|", StringComparison.Ordinal)) trimmed = trimmed.Substring(0, trimmed.Length - 1);
            return trimmed.Split('|').Select(c => c.Trim()).ToArray();
        }

        /// <summary>Every anchor a reader's browser can jump to: explicit &lt;a id&gt; tags and GitHub's heading ids.</summary>
        private static List<string> AllAnchors(string[] lines)
        {
            var anchors = new List<string>();
            var headingCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            bool inCode = false;
            foreach (var line in lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
                if (inCode) continue;
                foreach (Match m in Regex.Matches(line, "<a\\s+(?:id|name)=\"([^\"]+)\"")) anchors.Add(m.Groups[1].Value);
                var heading = Regex.Match(line, @"^#{1,6} (.+)$");
                if (heading.Success)
                {
                    var slug = GitHubSlug(heading.Groups[1].Value);
                    headingCounts.TryGetValue(slug, out int seen);
                    headingCounts[slug] = seen + 1;
                    anchors.Add(seen == 0 ? slug : slug + "-" + seen);
                }
            }
            return anchors;
        }

        /// <summary>GitHub's id for a heading: lower case, punctuation other than '-' and '_' dropped, spaces as '-'.</summary>
        private static string GitHubSlug(string heading)
        {
            var text = Regex.Replace(heading.Trim(), "`", "");
            var slug = new StringBuilder();
            foreach (var c in text.ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c == '-' || c == '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            }
            return slug.ToString();
        }

        private static IEnumerable<Type> AnalyzerTypes() =>
            typeof(Descriptors).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                    && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0);

        private static IReadOnlyDictionary<string, DiagnosticDescriptor> CollectSupported()
        {
            var byId = new SortedDictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
            foreach (var descriptor in Descriptors.All) byId[descriptor.Id] = descriptor;
            foreach (var type in AnalyzerTypes())
            {
                var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                foreach (var descriptor in analyzer.SupportedDiagnostics)
                {
                    if (!byId.ContainsKey(descriptor.Id)) byId[descriptor.Id] = descriptor;
                }
            }
            return byId;
        }
    }
}
