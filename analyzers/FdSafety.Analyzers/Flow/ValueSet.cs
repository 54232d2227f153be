using System;
using System.Collections.Generic;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>An immutable sorted set of value ids: what a slot may hold.</summary>
    public readonly struct ValueSet : IEquatable<ValueSet>
    {
        /// <summary>The constant -1 (or any negative constant): the failure sentinel.</summary>
        public const int FailureConstant = -1;
        /// <summary>The constants 0, 1 and 2: the standard streams, which nobody here owns.</summary>
        public const int StdinConstant = -10;
        public const int StdoutConstant = -11;
        public const int StderrConstant = -12;
        /// <summary>Some number that is not a tracked descriptor (joined in where a path holds none).</summary>
        public const int Other = -20;

        private readonly int[]? _items;

        private ValueSet(int[] items) { _items = items; }

        public static ValueSet Empty => default;

        public static ValueSet Of(int id) => new ValueSet(new[] { id });

        public int Count => _items?.Length ?? 0;

        public bool IsEmpty => Count == 0;

        public int this[int i] => _items![i];

        public static bool IsTracked(int id) => id >= 0;

        public bool Contains(int id) => _items != null && Array.BinarySearch(_items, id) >= 0;

        public IEnumerable<int> Items => _items ?? Array.Empty<int>();

        /// <summary>The tracked ids only (enumerated without an allocation by foreach).</summary>
        public TrackedIds Tracked => new TrackedIds(_items);

        /// <summary>The tracked ids of a set, in order.</summary>
        public readonly struct TrackedIds : IEnumerable<int>
        {
            private readonly int[]? _items;

            public TrackedIds(int[]? items) { _items = items; }

            public Enumerator GetEnumerator() => new Enumerator(_items);

            IEnumerator<int> IEnumerable<int>.GetEnumerator() => Iterate().GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Iterate().GetEnumerator();

            private IEnumerable<int> Iterate()
            {
                if (_items == null) yield break;
                foreach (var i in _items) if (i >= 0) yield return i;
            }

            public struct Enumerator
            {
                private readonly int[]? _items;
                private int _index;

                public Enumerator(int[]? items)
                {
                    _items = items;
                    _index = -1;
                }

                public int Current => _items![_index];

                public bool MoveNext()
                {
                    if (_items == null) return false;
                    while (++_index < _items.Length)
                    {
                        if (_items[_index] >= 0) return true;
                    }
                    return false;
                }
            }
        }

        public int TrackedCount
        {
            get
            {
                int n = 0;
                if (_items != null) foreach (var i in _items) if (i >= 0) n++;
                return n;
            }
        }

        public ValueSet Union(ValueSet other)
        {
            if (other.IsEmpty) return this;
            if (IsEmpty) return other;
            var a = _items!;
            var b = other._items!;
            var result = new List<int>(a.Length + b.Length);
            int i = 0, j = 0;
            while (i < a.Length || j < b.Length)
            {
                if (j >= b.Length || (i < a.Length && a[i] < b[j])) result.Add(a[i++]);
                else if (i >= a.Length || b[j] < a[i]) result.Add(b[j++]);
                else { result.Add(a[i]); i++; j++; }
            }
            return result.Count == a.Length ? this : new ValueSet(result.ToArray());
        }

        public ValueSet Add(int id) => Union(Of(id));

        public ValueSet Where(Func<int, bool> keep)
        {
            if (IsEmpty) return this;
            var list = new List<int>(_items!.Length);
            foreach (var i in _items) if (keep(i)) list.Add(i);
            return list.Count == _items.Length ? this : (list.Count == 0 ? Empty : new ValueSet(list.ToArray()));
        }

        public bool Equals(ValueSet other)
        {
            if (Count != other.Count) return false;
            for (int i = 0; i < Count; i++) if (_items![i] != other._items![i]) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is ValueSet v && Equals(v);

        public override int GetHashCode()
        {
            int h = 17;
            foreach (var i in Items) h = h * 31 + i;
            return h;
        }
    }
}
