using System.Collections.Generic;
using System.Linq;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// The abstract state at one program point: which values each slot may hold, the typestate of each
    /// tracked value, and bool slots that hold a descriptor check. A slot that is absent holds no
    /// tracked value; joining a present slot with an absent one adds <see cref="ValueSet.Other"/>.
    /// </summary>
    public sealed class FlowState
    {
        private readonly Dictionary<Slot, ValueSet> _points;
        private readonly Dictionary<int, FdState> _states;
        /// <summary>Null while there is no fact (most states have none): a copy then costs nothing for it.</summary>
        private Dictionary<Slot, Predicate>? _facts;

        public FlowState()
        {
            _points = new Dictionary<Slot, ValueSet>();
            _states = new Dictionary<int, FdState>();
        }

        private FlowState(FlowState other)
        {
            _points = new Dictionary<Slot, ValueSet>(other._points);
            _states = new Dictionary<int, FdState>(other._states);
            if (other._facts != null && other._facts.Count > 0) _facts = new Dictionary<Slot, Predicate>(other._facts);
            Known = other.Known;
        }

        /// <summary>What the program's own variables are known to hold here (for correlated conditions).</summary>
        public KnownValues Known { get; set; } = KnownValues.None;

        public FlowState Clone() => new FlowState(this);

        public ValueSet Get(Slot slot) => _points.TryGetValue(slot, out var v) ? v : ValueSet.Empty;

        public void Set(Slot slot, ValueSet values)
        {
            if (values.IsEmpty) _points.Remove(slot);
            else _points[slot] = values;
            if (_facts == null) return;
            _facts.Remove(slot);
            if (_facts.Count > 0)
            {
                // A fact about a slot goes stale when the slot changes.
                List<Slot>? stale = null;
                foreach (var kv in _facts)
                {
                    if (kv.Value.Slot.Equals(slot)) (stale ??= new List<Slot>()).Add(kv.Key);
                }
                if (stale != null) foreach (var s in stale) _facts.Remove(s);
            }
        }

        public IEnumerable<KeyValuePair<Slot, ValueSet>> Slots => _points;

        public FdState this[int id]
        {
            get => _states.TryGetValue(id, out var s) ? s : FdState.None;
            set => _states[id] = value;
        }

        public bool IsKnown(int id) => _states.ContainsKey(id);

        /// <summary>Forgets a value nothing refers to any more; a join then takes its state from the other side alone.</summary>
        public void Forget(int id) => _states.Remove(id);

        public IEnumerable<KeyValuePair<int, FdState>> Values => _states;

        public Predicate? GetFact(Slot slot) => _facts != null && _facts.TryGetValue(slot, out var p) ? p : null;

        public void SetFact(Slot slot, Predicate? fact)
        {
            if (fact == null) _facts?.Remove(slot);
            else (_facts ??= new Dictionary<Slot, Predicate>())[slot] = fact;
        }

        /// <summary>True when some slot other than <paramref name="except"/> may hold the value.</summary>
        public bool IsReferenced(int id)
        {
            foreach (var kv in _points)
            {
                if (kv.Value.Contains(id)) return true;
            }
            return false;
        }

        /// <summary>True when a local, parameter or element slot (not a flow capture) may hold the value.</summary>
        public bool IsHeldByVariable(int id)
        {
            foreach (var kv in _points)
            {
                if (!kv.Key.IsCapture && kv.Value.Contains(id)) return true;
            }
            return false;
        }

        /// <summary>Removes a value from every slot and forgets it.</summary>
        public void Release(int id)
        {
            List<Slot>? holders = null;
            foreach (var kv in _points)
            {
                if (kv.Value.Contains(id)) (holders ??= new List<Slot>()).Add(kv.Key);
            }
            if (holders != null)
            {
                foreach (var slot in holders)
                {
                    var rest = _points[slot].Where(v => v != id);
                    if (rest.IsEmpty) _points.Remove(slot);
                    else _points[slot] = rest;
                }
            }
            _states.Remove(id);
        }

        /// <summary>Joins <paramref name="other"/> into this state; returns true when this state grew.</summary>
        public bool JoinWith(FlowState other)
        {
            bool changed = false;
            foreach (var kv in other._points)
            {
                if (_points.TryGetValue(kv.Key, out var mine))
                {
                    var u = mine.Union(kv.Value);
                    if (!u.Equals(mine)) { _points[kv.Key] = u; changed = true; }
                }
                else
                {
                    _points[kv.Key] = kv.Value.Add(ValueSet.Other);
                    changed = true;
                }
            }
            List<Slot>? widen = null;
            foreach (var kv in _points)
            {
                if (!other._points.ContainsKey(kv.Key) && !kv.Value.Contains(ValueSet.Other)) (widen ??= new List<Slot>()).Add(kv.Key);
            }
            if (widen != null)
            {
                foreach (var s in widen) _points[s] = _points[s].Add(ValueSet.Other);
                changed = true;
            }
            foreach (var kv in other._states)
            {
                if (_states.TryGetValue(kv.Key, out var mine))
                {
                    var u = mine | kv.Value;
                    if (u != mine) { _states[kv.Key] = u; changed = true; }
                }
                else
                {
                    _states[kv.Key] = kv.Value;
                    changed = true;
                }
            }
            var known = Known.Meet(other.Known);
            if (!ReferenceEquals(known, Known))
            {
                Known = known;
                changed = true;
            }
            if (_facts != null && _facts.Count > 0)
            {
                List<Slot>? drop = null;
                foreach (var kv in _facts)
                {
                    if (other._facts == null || !other._facts.TryGetValue(kv.Key, out var theirs) || !theirs.Equals(kv.Value)) (drop ??= new List<Slot>()).Add(kv.Key);
                }
                if (drop != null)
                {
                    foreach (var s in drop) _facts.Remove(s);
                    changed = true;
                }
            }
            return changed;
        }

        public static FlowState? Join(FlowState? a, FlowState? b)
        {
            if (a == null) return b?.Clone();
            if (b == null) return a.Clone();
            var r = a.Clone();
            r.JoinWith(b);
            return r;
        }

        public IEnumerable<Slot> SlotsOfVariable(Slot variable) => _points.Keys.Where(k => k.SameVariable(variable)).ToList();
    }
}
