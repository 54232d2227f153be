using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// A place that can hold a descriptor: a local, a parameter, a flow capture, or an element of a
    /// local array or tuple with a constant index (<c>fds[0]</c>, <c>pipe.Read</c>).
    /// </summary>
    public sealed class Slot : IEquatable<Slot>
    {
        private readonly object _key;

        private Slot(object key, int index, string name)
        {
            _key = key;
            Index = index;
            Name = name;
        }

        /// <summary>-1 for the whole variable, otherwise the element index.</summary>
        public int Index { get; }

        /// <summary>How the slot reads in source, for messages (<c>fd</c>, <c>fds[1]</c>).</summary>
        public string Name { get; }

        public ISymbol? Symbol => _key as ISymbol;

        /// <summary>A flow capture or a held operation result: compiler scaffolding, not a variable of the program.</summary>
        public bool IsCapture => !(_key is ISymbol);

        public static Slot Of(ISymbol symbol) => new Slot(symbol, -1, symbol.Name);

        public static Slot Of(CaptureId capture) => new Slot(capture, -1, "");

        /// <summary>The result of one operation, held while a condition tests it (<c>if (pipe(fds) &lt; 0)</c>).</summary>
        public static Slot Of(IOperation operation) => new Slot(operation, -1, "");

        public static Slot Element(ISymbol symbol, int index, string name) => new Slot(symbol, index, name);

        public Slot Whole() => Index < 0 ? this : new Slot(_key, -1, _key is ISymbol s ? s.Name : "");

        public bool SameVariable(Slot other) => KeyEquals(_key, other._key);

        public bool Equals(Slot? other) => other != null && Index == other.Index && KeyEquals(_key, other._key);

        public override bool Equals(object? obj) => Equals(obj as Slot);

        public override int GetHashCode() =>
            (_key is ISymbol s ? SymbolEqualityComparer.Default.GetHashCode(s) : _key.GetHashCode()) * 31 + Index;

        public override string ToString() => Name;

        private static bool KeyEquals(object a, object b) =>
            a is ISymbol sa ? b is ISymbol sb && SymbolEqualityComparer.Default.Equals(sa, sb) : a.Equals(b);
    }
}
