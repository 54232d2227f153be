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
    /// The pre-pass follows a call only to the methods it can bind to by what it is made on, read from the syntax: a
    /// value of a declared type (a local, parameter, field, property, primary-constructor parameter, pattern or loop
    /// variable, a creation or cast) reaches that type's methods and its bases'; a bare name, <c>this</c> or <c>base</c>
    /// the caller's types, the types it is nested in and their bases, and <c>using static</c> imports; a type or value of
    /// another assembly only extension methods; an object creation only constructors; a generic type's name no method.
    /// Where the syntax does not tell (an implicitly typed lambda parameter, a range variable, a type parameter, an
    /// alias, <c>value</c>, an inherited member of a generic base), every method of the name stays a candidate. A
    /// member that assigns a parameter only to its own locals keeps nothing.
    /// </summary>
    public class ReceiverBindingTests
    {
        private const string Source = @"using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
using Dev = Device;
using static Pins;

public class Device
{
    public int Open(int pin) => Syscall.open(""/dev/gpio"" + pin, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
    public int Write(int value) => Syscall.close(value);
    public static Device Create(int pin) { Syscall.close(pin); return new Device(); }
    public int List(int n) => Syscall.dup(n);
}

public class Derived : Device
{
    public int Bare() => Open(1);
    public int ThroughBase() => base.Open(2);
}

public static class Pins
{
    public static int Export(int pin) => Syscall.open(""/sys/export"" + pin, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
    public static int Pipe(int size) => Syscall.dup(size);
}

public sealed class Door
{
    public int Open(int pin) => pin;
    public static Door Create(int pin) => new Door();
}

public sealed class Port
{
    private readonly int _fd;
    public Port(int pin) { _fd = Syscall.open(""/dev/port"" + pin, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC); }
    public int Fd => _fd;
}

public sealed class Pipe
{
    public Pipe(int size) { Size = size; }
    public int Size { get; }
}

public sealed class LazyDevice : Lazy<Device>
{
    public LazyDevice() : base(() => new Device()) { }
    public int Inherited() => Value.Open(3);
}

public class Base
{
    protected Device _inherited = new Device();
    protected Door _inheritedDoor = new Door();
}

public sealed class Child : Base
{
    private Device? _maybe;
    public int InheritedField() => _inherited.Open(1);
    public int InheritedOtherType() => _inheritedDoor.Open(1);
    public int Suppressed() => _maybe!.Open(1);
}

public sealed class Keeper
{
    private int _fd = -1;
    private string _name = """";
    public void Store(int fd) { _fd = fd; }
    public void Rename(string name) { _name = name; }
    public string Name => _name;
    public int CopyOnly(int pin) { int local = pin; local = pin + 1; return local; }
    public void Close() => Syscall.close(_fd);
}

public static class FirstIo
{
    public static long Drain(int fd, int depth) => depth <= 0 ? 0 : Syscall.fsync(fd);
}

public static class SecondIo
{
    public static long Drain(int fd, int depth) => depth <= 0 ? 0 : Syscall.fsync(fd);
    private static long DrainMore(int fd, int depth) => depth <= 0 ? 0 : Drain(fd, depth - 1);
}

public sealed class Reader
{
    private int _fd = Syscall.open(""/dev/reader"", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
    private readonly Door _door = new Door();
    private void Cleanup() { Syscall.close(_fd); _fd = -1; }
    public void Stop() { Cleanup(); }
    public void Knock() { _door.Open(1); }
}

public sealed class Holder(Device primary)
{
    private readonly Device _field = new Device();
    private Door _door = new Door();
    public Device Property { get; } = new Device();

    public int Local() { Device d = new Device(); return d.Open(1); }
    public int Var() { var d = new Device(); return d.Open(1); }
    public int DerivedLocal() { Derived d = new Derived(); return d.Open(1); }
    public int Field() => _field.Open(1);
    public int ThisField() => this._field.Open(1);
    public int FieldProperty() => Property.Open(1);
    public int Primary() => primary.Open(1);
    public int Parameter(Device d) => d.Open(1);
    public int Cast(object o) => ((Device)o).Open(1);
    public int As(object o) => (o as Device)!.Open(1);
    public int Conditional(Device? d) => d?.Open(1) ?? -1;
    public int Pattern(object o) => o is Device d ? d.Open(1) : -1;
    public int Loop(List<Device> all) { int n = 0; foreach (Device d in all) n += d.Open(1); return n; }
    public int Alias(Dev d) => d.Open(1);
    public int Generic<T>(T d) where T : Device => d.Open(1);
    public int Lambda(List<Device> all) => all.Sum(d => d.Open(1));
    public int Query(List<Device> all) => (from d in all select d.Open(1)).Sum();
    public int StaticCall() => Device.Create(1).GetHashCode();
    public int StaticImport() => Export(1);
    public int Creation() => new Port(1).Fd;
    public Device Setter { set { value.Open(1); } }

    public int OtherType() => _door.Open(1);
    public int OtherTypeLocal() { var door = new Door(); return door.Open(1); }
    public int OtherStatic() => Door.Create(1).GetHashCode();
    public void Foreign(TextWriter w) => w.Write(1);
    public void ForeignWrite() => Console.Out.Write(1);
    public int ForeignString(string s) => s.Length.CompareTo(1);
    public int GenericTypeName() { List<int> list = new List<int>(); return list.Count; }
    public int CreationOfPlainType() => new Pipe(1).Size;
    public int Open(int pin) => pin;
    public int BareOwn() => Open(1);
    public int ThisOwn() => this.Open(1);

    public int TargetTypedPort() { Port p = new(1); return p.Fd; }
    public Port ReturnedPort() => new(1);
    public void WrapTarget(int fd) { SafeFileHandle h = new((IntPtr)fd, true); h.Dispose(); }
    public int TargetTypedPlain() { Pipe p = new(1); return p.Size; }
    public Pipe ReturnedPlain() => new(1);
    public int UntypedTarget() => SizeOf(new(1));
    private static int SizeOf(Pipe p) => p.Size;
}

public sealed class Label(string text)
{
    public string Text => text;
}
";

        [Theory]
        // The syntax tells the receiver's type: that type or a derived one reaches the descriptor method.
        [InlineData("Bare", true)]
        [InlineData("ThroughBase", true)]
        [InlineData("Local", true)]
        [InlineData("Var", true)]
        [InlineData("DerivedLocal", true)]
        [InlineData("Field", true)]
        [InlineData("ThisField", true)]
        [InlineData("FieldProperty", true)]
        [InlineData("Primary", true)]
        [InlineData("Parameter", true)]
        [InlineData("Cast", true)]
        [InlineData("As", true)]
        [InlineData("Conditional", true)]
        [InlineData("Pattern", true)]
        [InlineData("Loop", true)]
        [InlineData("StaticCall", true)]
        [InlineData("StaticImport", true)]
        [InlineData("Creation", true)]
        [InlineData("InheritedField", true)]
        [InlineData("Suppressed", true)]
        [InlineData("Store", true)]
        // A target-typed creation whose type the declaration or the return type tells creates that type.
        [InlineData("TargetTypedPort", true)]
        [InlineData("ReturnedPort", true)]
        [InlineData("WrapTarget", true)]
        // Two types with a descriptor method of the same name and argument count: a bare call reaches its own type's.
        [InlineData("DrainMore", true)]
        // A public member of a type with a descriptor field that reaches, through its own type's members, one that names a
        // descriptor API (whatever the signatures carry) may close the field; one that only calls another object's methods not.
        [InlineData("Stop", true)]
        [InlineData("Knock", false)]
        // The syntax does not tell: every method of the name stays a candidate.
        [InlineData("Inherited", true)]
        [InlineData("Alias", true)]
        [InlineData("Generic", true)]
        [InlineData("Lambda", true)]
        [InlineData("Query", true)]
        [InlineData("set_Setter", true)]
        [InlineData("UntypedTarget", true)]
        // Another type, another assembly, a type name, a creation of a type whose constructor does nothing with descriptors.
        [InlineData("OtherType", false)]
        [InlineData("InheritedOtherType", false)]
        // A parameter kept only in a local is not kept by the object.
        [InlineData("CopyOnly", false)]
        // A parameter whose type can hold no descriptor is no descriptor wherever it is kept.
        [InlineData("Rename", false)]
        // A target-typed creation of a type whose constructor does nothing with descriptors.
        [InlineData("TargetTypedPlain", false)]
        [InlineData("ReturnedPlain", false)]
        [InlineData("OtherTypeLocal", false)]
        [InlineData("OtherStatic", false)]
        [InlineData("Foreign", false)]
        [InlineData("ForeignWrite", false)]
        [InlineData("GenericTypeName", false)]
        [InlineData("CreationOfPlainType", false)]
        [InlineData("BareOwn", false)]
        [InlineData("ThisOwn", false)]
        public void ACallMakesItsBodyRelevantOnlyOnAReceiverThatCanReachTheDescriptorMethod(string method, bool relevant)
        {
            var tree = CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.Preview), path: "/receivers/" + System.Guid.NewGuid() + ".cs");
            var compilation = CSharpCompilation.Create("receivers", new[] { tree }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var analysis = CompilationAnalysis.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
            var model = compilation.GetSemanticModel(tree);
            SyntaxNode declaration = method.StartsWith("set_", System.StringComparison.Ordinal)
                ? tree.GetRoot().DescendantNodes().OfType<AccessorDeclarationSyntax>().Single(a => a.Parent!.Parent is PropertyDeclarationSyntax p && p.Identifier.ValueText == method.Substring(4))
                : tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
            var symbol = model.GetDeclaredSymbol(declaration);
            Assert.NotNull(symbol);
            Assert.Equal(relevant, analysis.Relevance.MayReport(declaration, symbol));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AUsingStaticImportsIntoItsOwnFileUnlessItIsGlobal(bool global)
        {
            const string Imports = @"using Mono.Unix.Native;
using static Pins;

public static class Pins
{
    public static int Export(int pin) => Syscall.open(""/sys/export"" + pin, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
}

public sealed class Importer
{
    public int Run() => Export(1);
}
";
            const string Elsewhere = @"public sealed class Exporter
{
    public int Run() => Export(1);
    private static int Export(int pin) => pin;
}
";
            var options = new CSharpParseOptions(LanguageVersion.Preview);
            string Path() => "/imports/" + System.Guid.NewGuid() + ".cs";
            var trees = new[] { CSharpSyntaxTree.ParseText(Imports, options, path: Path()), CSharpSyntaxTree.ParseText(Elsewhere, options, path: Path()) };
            if (global) trees = trees.Append(CSharpSyntaxTree.ParseText("global using static Pins;\n", options, path: Path())).ToArray();
            var compilation = CSharpCompilation.Create("imports", trees, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var analysis = CompilationAnalysis.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
            bool MayReport(SyntaxTree tree, string type)
            {
                var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                    .Single(m => m.Identifier.ValueText == "Run" && ((TypeDeclarationSyntax)m.Parent!).Identifier.ValueText == type);
                return analysis.Relevance.MayReport(declaration, compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration));
            }
            Assert.True(MayReport(trees[0], "Importer"));
            Assert.Equal(global, MayReport(trees[1], "Exporter"));
        }

        [Fact]
        public void ReceiversAreReadFromTheSyntax()
        {
            var facts = TreeFacts.Of(CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.Preview), path: "/receivers/facts.cs"));
            MemberFacts Member(string name) => facts.Members.Single(m => m.DeclaredName == name);
            string Receivers(string member, string call) =>
                string.Join(",", Member(member).Calls[call].Receivers.OrderBy(r => r, System.StringComparer.Ordinal));
            Assert.Equal("T:Device", Receivers("Local", "Open"));
            Assert.Equal("T:Device", Receivers("Var", "Open"));
            Assert.Equal("T:Device", Receivers("Field", "Open"));
            Assert.Equal("T:Device", Receivers("Primary", "Open"));
            Assert.Equal("I:_inherited", Receivers("InheritedField", "Open"));
            Assert.Equal("T:Device", Receivers("Suppressed", "Open"));
            Assert.True(Member("Store").StoresParameter);
            Assert.False(Member("CopyOnly").StoresParameter);
            Assert.False(Member("Rename").StoresParameter);
            Assert.True(facts.Members.Single(m => m.IsPrimaryConstructor && m.DeclaredName == "Holder").StoresParameter);
            Assert.False(facts.Members.Single(m => m.IsPrimaryConstructor && m.DeclaredName == "Label").StoresParameter);
            Assert.Equal("N:", Receivers("TargetTypedPlain", "Pipe"));
            Assert.Equal("N:", Receivers("ReturnedPort", "Port"));
            Assert.Equal("N:", Receivers("WrapTarget", "SafeFileHandle"));
            Assert.False(Member("TargetTypedPlain").MentionsKnown);
            Assert.False(Member("ReturnedPlain").KeepsGeneric);
            Assert.True(Member("WrapTarget").MentionsKnown);
            Assert.True(Member("UntypedTarget").MentionsKnown);
            Assert.True(Member("UntypedTarget").KeepsGeneric);
            Assert.Equal("T:Dev", Receivers("Alias", "Open"));
            Assert.Equal("?", Receivers("Generic", "Open"));
            Assert.Equal("?", Receivers("Lambda", "Open"));
            Assert.Equal("?", Receivers("Query", "Open"));
            Assert.Equal("I:Value", Receivers("Inherited", "Open"));
            Assert.Equal("I:Device", Receivers("StaticCall", "Create"));
            Assert.Equal("B:", Receivers("BareOwn", "Open"));
            Assert.Equal("B:", Receivers("ThisOwn", "Open"));
            Assert.Equal("J:Console", Receivers("ForeignWrite", "Write"));
            Assert.Equal("", Receivers("ForeignString", "CompareTo"));
            Assert.Equal("T:TextWriter", Receivers("Foreign", "Write"));
            Assert.Equal("N:", Receivers("CreationOfPlainType", "Pipe"));
            Assert.Equal("N:,Y:", Receivers("GenericTypeName", "List"));
            Assert.Equal("T:Device", facts.Types.Single(t => t.Name == "Holder").MemberTypes["primary"]);
            Assert.True(facts.Types.Single(t => t.Name == "LazyDevice").HasGenericBase);
            Assert.Contains("Dev", facts.AliasNames);
            Assert.Contains("Pins", facts.StaticImports);
        }
    }
}
