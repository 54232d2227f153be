using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers.Flow;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// An edited tree (the IDE's next version of a file) gets its syntax facts from its predecessor's, with
    /// only the edited member scanned again: the facts, and the findings, must be exactly those of the same
    /// text scanned from scratch, whether the edit stays inside one member or not.
    /// </summary>
    public class EditedTreeTests
    {
        private const string Source = @"using System;
using Mono.Unix.Native;

namespace N
{
    public sealed class Device
    {
        private int _fd = -1;

        public Nested Child { get { return new Nested(); } }

        public Device(int pin) { Open(pin); }

        public void Open(int pin)
        {
            int size = 16;
            _fd = Syscall.open(""/dev/gpio"" + pin + size, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        }

        public string Describe(int count)
        {
            var text = ""device "" + count;
            return text.Trim();
        }

        public void Close() { if (_fd >= 0) Syscall.close(_fd); }

        public sealed class Nested
        {
            public long Copy(string path)
            {
                int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                if (fd < 0) return -1;
                Syscall.close(fd);
                return 0;
            }
        }
    }

    public static class After
    {
        public static void Helper(int fd) => Syscall.fsync(fd);
    }
}
";

        public static readonly TheoryData<string, string, string, bool> Edits = new TheoryData<string, string, string, bool>
        {
            // inside one body, same length
            { "int size = 16;", "16", "32", true },
            // inside one body: longer, and the member now calls a descriptor API
            { "return text.Trim();", "return text.Trim();", "Syscall.close(count); return text.Trim();", true },
            // inside a nested type's member: a leak (the close removed)
            { "Syscall.close(fd);\n                return 0;", "Syscall.close(fd);", "", true },
            // shortens a body
            { "var text = \"\"device \"\" + count;", "\"\"device \"\" + count", "\"\"d\"\"", true },
            // the signature changes: the member is scanned again with its new parameters
            { "public void Open(int pin)", "int pin", "string pin", true },
            // breaks the structure (an unbalanced brace): the whole tree is scanned again
            { "var text", "var text", "{ var text", false },
            // inside a getter: a call on a typed local (its receiver)
            { "return new Nested();", "return new Nested();", "var n = new Nested(); n.Copy(\"\"x\"\"); return n;", true },
            // a property's type changes (the receivers of calls on it): the whole tree is scanned again
            { "public Nested Child", "Nested", "object", false },
            // outside any member: a using is added
            { "using System;", "using System;", "using System;\nusing System.IO;", false },
        };

        [Theory]
        [MemberData(nameof(Edits))]
        public void EditedFactsAreTheFactsOfAFullScan(string anchor, string oldText, string newText, bool confined)
        {
            var (before, after) = Edit(anchor, oldText, newText, "/edited/Facts" + Math.Abs((anchor + newText).GetHashCode()) + ".cs");
            var previous = TreeFacts.Of(before);
            var next = TreeFacts.Of(after);
            // An edit confined to one member reuses the facts of the others (the same call sets); any other is a full scan.
            Assert.Equal(confined, ReferenceEquals(previous.Members.Single(m => m.DeclaredName == "Helper").Calls, next.Members.Single(m => m.DeclaredName == "Helper").Calls));
            var incremental = Dump(next);
            var fresh = Dump(TreeFacts.Of(CSharpSyntaxTree.ParseText(after.GetText().ToString(), path: "/fresh/" + Guid.NewGuid() + ".cs")));
            Assert.Equal(fresh, incremental);
        }

        [Theory]
        [MemberData(nameof(Edits))]
        public async Task FindingsAfterAnEditAreTheFindingsOfTheSameTextFromScratch(string anchor, string oldText, string newText, bool confined)
        {
            var path = "/edited/Findings" + Math.Abs((anchor + newText).GetHashCode()) + ".cs";
            var (before, after) = Edit(anchor, oldText, newText, path);
            var compilation = Compile(before);
            await AnalyzeAsync(compilation);
            var edited = await AnalyzeAsync(compilation.ReplaceSyntaxTree(before, after));
            var fresh = await AnalyzeAsync(Compile(CSharpSyntaxTree.ParseText(after.GetText().ToString(), path: path)));
            Assert.Equal(fresh, edited);
            if (newText.Length == 0) Assert.Contains(edited, d => d.StartsWith("FDS0003", StringComparison.Ordinal));
            _ = confined;
        }

        public static readonly TheoryData<string, string, string, bool> ClosureEdits = new TheoryData<string, string, string, bool>
        {
            // a body edit that changes no call, name or store: the closure is taken over
            { "int size = 16;", "16", "32", true },
            { "var text = \"\"device \"\" + count;", "\"\"device \"\" + count", "\"\"d\"\"", true },
            // a call added or removed, a signature changed, the structure broken, a using added: computed again
            { "return text.Trim();", "return text.Trim();", "Syscall.close(count); return text.Trim();", false },
            { "Syscall.close(fd);\n                return 0;", "Syscall.close(fd);", "", false },
            { "public void Open(int pin)", "int pin", "string pin", false },
            { "var text", "var text", "{ var text", false },
            { "using System;", "using System;", "using System;\nusing System.IO;", false },
        };

        [Theory]
        [MemberData(nameof(ClosureEdits))]
        public async Task TheClosureIsTakenOverExactlyWhenTheEditChangesNothingItReads(string anchor, string oldText, string newText, bool reused)
        {
            var path = "/edited/Closure" + Math.Abs((anchor + newText).GetHashCode()) + ".cs";
            var (before, after) = Edit(anchor, oldText, newText, path);
            var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
            var compilation = Compile(before).WithAssemblyName("closure" + Guid.NewGuid());
            Assert.False(CompilationAnalysis.For(compilation, options).Relevance.Reused);
            var next = compilation.ReplaceSyntaxTree(before, after);
            Assert.Equal(reused, CompilationAnalysis.For(next, options).Relevance.Reused);
            // The analyzers run on the driver's copy of the compilation, whose closure is taken over from the one above.
            var edited = await AnalyzeAsync(next);
            var fresh = await AnalyzeAsync(Compile(CSharpSyntaxTree.ParseText(after.GetText().ToString(), path: path)).WithAssemblyName("fresh" + Guid.NewGuid()));
            Assert.Equal(fresh, edited);
        }

        private static (SyntaxTree Before, SyntaxTree After) Edit(string anchor, string oldText, string newText, string path)
        {
            var source = Source.Replace("\r\n", "\n");
            var before = CSharpSyntaxTree.ParseText(SourceText.From(source), path: path);
            anchor = anchor.Replace("\"\"", "\"");
            oldText = oldText.Replace("\"\"", "\"");
            newText = newText.Replace("\"\"", "\"");
            int at = source.IndexOf(anchor, StringComparison.Ordinal);
            Assert.True(at >= 0, "anchor not found: " + anchor);
            at += anchor.IndexOf(oldText, StringComparison.Ordinal);
            var after = before.WithChangedText(before.GetText().WithChanges(new TextChange(new TextSpan(at, oldText.Length), newText)));
            return (before, after);
        }

        private static Compilation Compile(SyntaxTree tree) =>
            CSharpCompilation.Create("edited", new[] { tree }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        private static async Task<string[]> AnalyzeAsync(Compilation compilation)
        {
            var analyzers = typeof(Descriptors).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                    && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            return diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan().StartLinePosition + " " + d.GetMessage())
                .OrderBy(s => s, StringComparer.Ordinal).ToArray();
        }

        private static string Dump(TreeFacts facts)
        {
            var sb = new StringBuilder();
            sb.Append("imports ").Append(facts.ImportsKnownType).Append(' ').AppendLine(facts.GloballyImportsKnownType.ToString());
            sb.Append("aliases ").Append(string.Join(",", facts.AliasNames.OrderBy(n => n, StringComparer.Ordinal)))
                .Append(" static ").Append(string.Join(",", facts.StaticImports.OrderBy(n => n, StringComparer.Ordinal)))
                .Append(" namespaces ").Append(string.Join(",", facts.NamespaceNames.OrderBy(n => n, StringComparer.Ordinal)))
                .Append(" enums and delegates ").AppendLine(string.Join(",", facts.OtherTypeNames.OrderBy(n => n, StringComparer.Ordinal)));
            foreach (var t in facts.Types)
            {
                sb.Append("type ").Append(t.Span).Append(' ').Append(t.Name).Append(" : ").Append(t.FirstBase).Append(" in ").Append(t.Enclosing?.Span.ToString() ?? "-")
                    .Append(" members ").Append(string.Join(",", t.Members.Select(m => m.Span.ToString())))
                    .Append(" member types ").Append(string.Join(",", t.MemberTypes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + p.Value)))
                    .Append(" type parameters ").Append(string.Join(",", (t.TypeParameters ?? new HashSet<string>()).OrderBy(n => n, StringComparer.Ordinal)))
                    .AppendLine(" generic base " + t.HasGenericBase);
            }
            foreach (var m in facts.Members)
            {
                sb.Append("member ").Append(m.Span).Append(' ').Append(m.DeclaredName).Append(" in ").Append(m.Type?.Span.ToString() ?? "-")
                    .Append(" calls ").Append(string.Join(",", m.Calls.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "/" + p.Value.Arities.ToString("x"))))
                    .Append(" on ").Append(string.Join(";", m.Calls.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + string.Join(",", p.Value.Receivers.OrderBy(r => r, StringComparer.Ordinal)))))
                    .Append($" accepts={m.Accepts:x} private={m.IsPrivate} extension={m.IsExtension} constructor={m.IsConstructor}")
                    .Append($" known={m.MentionsKnown} extern={m.IsExternBinding} attr={m.HasFdAttribute} stores={m.StoresParameter}")
                    .AppendLine($" keeps={m.KeepsGeneric} summarizable={m.Summarizable} carries={m.Carries} primary={m.IsPrimaryConstructor}");
                sb.Append("  found ").AppendLine(ReferenceEquals(facts.FindBySpan(m.Span), m).ToString());
            }
            return sb.ToString();
        }
    }
}
