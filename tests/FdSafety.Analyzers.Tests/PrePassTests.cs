using System.Collections.Immutable;
using System.Linq;
using FdSafety.Analyzers.Flow;
using FdSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// The pre-pass follows a call by name only to the methods of that name it can bind to: one that accepts
    /// the call's argument count (optional and params parameters, an extension's receiver before the dot) and,
    /// when private, is called from inside its own type (nested types included). A call that cannot bind to the
    /// descriptor method does not make its body relevant; one that can always does.
    /// </summary>
    public class PrePassTests
    {
        private const string Source = @"using System;
using Mono.Unix.Native;

public static class Files
{
    public static int Open(string path, OpenFlags flags) => Syscall.open(path, flags | OpenFlags.O_CLOEXEC);
    public static int OpenDefault(string path, int mode = 0, params string[] rest) => Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
    public static int OpenAt(this string path, OpenFlags flags) => Syscall.open(path, flags | OpenFlags.O_CLOEXEC);
}

public sealed class Device
{
    private int OpenPin(int pin) => Syscall.open(""/dev/gpio"" + pin, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);

    public int First() => OpenPin(1);

    public sealed class Inner
    {
        public int FromNested(Device d) => d.OpenPin(2);
    }
}

public sealed class Other
{
    private int OpenPin(int pin) => pin;

    public int Unrelated() => OpenPin(3);
}

public sealed class Callers
{
    public int TwoArguments(string p) => Files.Open(p, OpenFlags.O_RDONLY);
    public int OneArgument(string p) => Open(p);
    public int Open(string p) => p.Length;
    public int Defaults(string p) => Files.OpenDefault(p);
    public int DefaultsAndParams(string p) => Files.OpenDefault(p, 1, ""a"", ""b"", ""c"");
    public int Extension(string p) => p.OpenAt(OpenFlags.O_RDONLY);
    public int ExtensionStatic(string p) => Files.OpenAt(p, OpenFlags.O_RDONLY);
    public int ExtensionTooMany(string p) => OpenAt(p, 1, 2);
    public int OpenAt(string p, int a, int b) => p.Length + a + b;
    public int PrivateOfAnotherType(Device d) => d.First();
    public bool Comparison(int OpenPin, int x) => OpenPin < x;
}
";

        [Theory]
        [InlineData("First", true)]
        [InlineData("FromNested", true)]
        [InlineData("Unrelated", false)]
        [InlineData("TwoArguments", true)]
        [InlineData("OneArgument", false)]
        [InlineData("Defaults", true)]
        [InlineData("DefaultsAndParams", true)]
        [InlineData("Extension", true)]
        [InlineData("ExtensionStatic", true)]
        [InlineData("ExtensionTooMany", false)]
        [InlineData("PrivateOfAnotherType", true)]
        public void BodiesAreRelevantExactlyWhenACallCanBindToADescriptorMethod(string method, bool relevant)
        {
            var tree = CSharpSyntaxTree.ParseText(Source, path: "/prepass/" + System.Guid.NewGuid() + ".cs");
            var compilation = CSharpCompilation.Create("prepass", new[] { tree }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var analysis = CompilationAnalysis.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
            var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
            var symbol = compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration);
            Assert.Equal(relevant, analysis.Relevance.MayReport(declaration, symbol));
        }

        [Fact]
        public void ArgumentCountsAreReadFromTheSyntax()
        {
            var facts = TreeFacts.Of(CSharpSyntaxTree.ParseText(Source, path: "/prepass/facts.cs"));
            MemberFacts Member(string name) => facts.Members.Single(m => m.DeclaredName == name && m.Type?.Name != "Other");
            Assert.Equal(Arity.Of(2), facts.Members.Single(m => m.DeclaredName == "Open" && m.Type!.Name == "Files").Accepts);
            Assert.Equal(Arity.Range(1, 63, unbounded: true), Member("OpenDefault").Accepts);
            Assert.Equal(Arity.Of(1) | Arity.Of(2), facts.Members.Single(m => m.DeclaredName == "OpenAt" && m.Type!.Name == "Files").Accepts);
            // A declaration's own name is no call of it.
            Assert.DoesNotContain("OpenAt", facts.Members.Single(m => m.DeclaredName == "OpenAt" && m.Type!.Name == "Callers").Calls.Keys);
            Assert.True(Member("OpenPin").IsPrivate);
            Assert.False(Member("First").IsPrivate);
            Assert.Equal(Arity.Of(2), Member("TwoArguments").Calls["Open"].Arities);
            Assert.Equal(Arity.Of(5), Member("DefaultsAndParams").Calls["OpenDefault"].Arities);
            Assert.Equal(Arity.Of(1), Member("FromNested").Calls["OpenPin"].Arities);
            // A name before '<' that is a comparison: not known to be a call of any count.
            Assert.Equal(Arity.Any, Member("Comparison").Calls["OpenPin"].Arities);
            Assert.Equal("Device", facts.Types.Single(t => t.Name == "Inner").Enclosing?.Name);
        }

        [Fact]
        public void CallsOfOneNameKeepEachReceiverOnceAndCompareAsSets()
        {
            CallsOfName Calls(ulong arity, params string[] receivers)
            {
                var calls = new CallsOfName();
                foreach (var r in receivers) calls.Add(arity, r);
                return calls;
            }
            var twice = Calls(Arity.Of(1), "T:Device", "?", "T:Device");
            Assert.Equal(new[] { "T:Device", "?" }, twice.Receivers);
            Assert.True(twice.HasReceiver("?"));
            Assert.False(twice.HasReceiver("B:"));
            Assert.True(twice.SameAs(Calls(Arity.Of(1), "?", "T:Device")));
            Assert.False(twice.SameAs(Calls(Arity.Of(1), "?", "T:Device", "B:")));
            Assert.False(twice.SameAs(Calls(Arity.Of(1), "T:Device")));
            Assert.False(twice.SameAs(Calls(Arity.Of(2), "?", "T:Device")));
            Assert.False(twice.SameAs(Calls(Arity.Of(1), "?", "T:Port")));
            var counts = Calls(Arity.Of(1), "?");
            counts.Add(Arity.Of(3), "?");
            Assert.Equal(Arity.Of(1) | Arity.Of(3), counts.Arities);
            Assert.Equal(1, counts.ReceiverCount);
        }
    }
}
