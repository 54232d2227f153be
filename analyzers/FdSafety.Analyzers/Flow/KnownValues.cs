using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// A test of one variable of the program that the flow analysis can correlate with another test of the
    /// same variable: a bool read (<c>if (closed)</c>), a comparison with an integer constant
    /// (<c>_inputFd != -1</c>), or a null test (<c>display != null</c>, <c>x is null</c>).
    /// </summary>
    public sealed class Condition
    {
        public Condition(ISymbol variable, ConditionKind kind, BinaryOperatorKind op = BinaryOperatorKind.None, long constant = 0)
        {
            Variable = variable;
            Kind = kind;
            Operator = op;
            Constant = constant;
        }

        public ISymbol Variable { get; }
        public ConditionKind Kind { get; }
        public BinaryOperatorKind Operator { get; }
        public long Constant { get; }
    }

    public enum ConditionKind
    {
        /// <summary>The bool variable is true.</summary>
        IsTrue,
        /// <summary>The variable compares with <see cref="Condition.Constant"/> by <see cref="Condition.Operator"/>.</summary>
        Compare,
        /// <summary>The variable is null.</summary>
        IsNull,
    }

    /// <summary>What is known about one variable: one constant value, not null, or the outcomes of earlier tests.</summary>
    public sealed class Fact : IEquatable<Fact>
    {
        public const int MaxTests = 4;

        private Fact(bool exact, object? value, bool nonNull, ImmutableArray<(BinaryOperatorKind Op, long Constant, bool Outcome)> tests)
        {
            IsExact = exact;
            Value = value;
            IsNonNull = nonNull;
            Tests = tests;
        }

        /// <summary>The variable holds exactly <see cref="Value"/>: a bool, a long, or null.</summary>
        public bool IsExact { get; }
        public object? Value { get; }
        public bool IsNonNull { get; }
        public ImmutableArray<(BinaryOperatorKind Op, long Constant, bool Outcome)> Tests { get; }

        public static Fact Exact(object? value) => new Fact(true, value, false, ImmutableArray<(BinaryOperatorKind, long, bool)>.Empty);

        public static readonly Fact NonNull = new Fact(false, null, true, ImmutableArray<(BinaryOperatorKind, long, bool)>.Empty);

        /// <summary>Nothing known yet: what a first test starts from.</summary>
        public static readonly Fact Unknown = new Fact(false, null, false, ImmutableArray<(BinaryOperatorKind, long, bool)>.Empty);

        private static Fact Tested(ImmutableArray<(BinaryOperatorKind, long, bool)> tests) => new Fact(false, null, false, tests);

        public bool? Evaluate(Condition condition)
        {
            switch (condition.Kind)
            {
                case ConditionKind.IsTrue:
                    return IsExact && Value is bool b ? b : (bool?)null;
                case ConditionKind.IsNull:
                    if (IsExact) return Value == null;
                    if (IsNonNull) return false;
                    return null;
                default:
                    if (IsExact) return Value is long x ? Predicate.Compare(condition.Operator, x, condition.Constant) : (bool?)null;
                    foreach (var (op, constant, outcome) in Tests)
                    {
                        if (constant != condition.Constant) continue;
                        if (op == condition.Operator) return outcome;
                        if (op == Complement(condition.Operator)) return !outcome;
                    }
                    return null;
            }
        }

        /// <summary>This fact with the outcome of a test the fact did not decide added (a decided test never comes here: its other branch is pruned).</summary>
        public Fact Learn(Condition condition, bool outcome)
        {
            switch (condition.Kind)
            {
                case ConditionKind.IsTrue:
                    return Exact(outcome);
                case ConditionKind.IsNull:
                    return outcome ? Exact(null) : NonNull;
                default:
                    if (condition.Operator == BinaryOperatorKind.Equals && outcome || condition.Operator == BinaryOperatorKind.NotEquals && !outcome)
                    {
                        return Exact(condition.Constant);
                    }
                    if (IsExact || IsNonNull) return this;
                    var tests = Tests;
                    if (tests.Length >= MaxTests) tests = tests.RemoveAt(0);
                    return Tested(tests.Add((condition.Operator, condition.Constant, outcome)));
            }
        }

        /// <summary>What holds on both sides of a join; null when nothing does.</summary>
        public Fact? Meet(Fact other)
        {
            if (Equals(other)) return this;
            if (IsExact && other.IsExact) return null;
            if (IsExact && !other.IsExact) return other.Satisfied(this);
            if (other.IsExact && !IsExact) return Satisfied(other);
            if (IsNonNull || other.IsNonNull) return null;
            var common = ImmutableArray.CreateBuilder<(BinaryOperatorKind, long, bool)>();
            foreach (var t in Tests)
            {
                if (other.Tests.Contains(t)) common.Add(t);
            }
            return common.Count == 0 ? null : Tested(common.ToImmutable());
        }

        /// <summary>Of this fact, what an exact value also satisfies.</summary>
        private Fact? Satisfied(Fact exact)
        {
            if (IsNonNull) return exact.Value != null ? this : null;
            if (!(exact.Value is long x)) return null;
            var kept = ImmutableArray.CreateBuilder<(BinaryOperatorKind, long, bool)>();
            foreach (var t in Tests)
            {
                if (Predicate.Compare(t.Op, x, t.Constant) == t.Outcome) kept.Add(t);
            }
            return kept.Count == 0 ? null : Tested(kept.ToImmutable());
        }

        private static BinaryOperatorKind Complement(BinaryOperatorKind op)
        {
            switch (op)
            {
                case BinaryOperatorKind.LessThan: return BinaryOperatorKind.GreaterThanOrEqual;
                case BinaryOperatorKind.LessThanOrEqual: return BinaryOperatorKind.GreaterThan;
                case BinaryOperatorKind.GreaterThan: return BinaryOperatorKind.LessThanOrEqual;
                case BinaryOperatorKind.GreaterThanOrEqual: return BinaryOperatorKind.LessThan;
                case BinaryOperatorKind.Equals: return BinaryOperatorKind.NotEquals;
                default: return BinaryOperatorKind.Equals;
            }
        }

        public bool Equals(Fact? other)
        {
            if (other == null || IsExact != other.IsExact || IsNonNull != other.IsNonNull || !Equals(Value, other.Value) || Tests.Length != other.Tests.Length) return false;
            for (int i = 0; i < Tests.Length; i++)
            {
                if (!other.Tests.Contains(Tests[i])) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as Fact);

        public override int GetHashCode() => (IsExact ? 1 : 0) ^ (IsNonNull ? 2 : 0) ^ (Value?.GetHashCode() ?? 0) ^ Tests.Length * 31;
    }

    /// <summary>
    /// What a few of the program's own variables (locals, by-value parameters, fields of this object or
    /// static) are known to hold at one point: from assignments of constants and <c>new</c>, and from the
    /// branch tests on the way there. Two tests of one unchanged condition then take matching branches, so
    /// paths that cannot run together are not joined into a false double close or leak. Bounded: at most
    /// <see cref="MaxVariables"/> variables and <see cref="Fact.MaxTests"/> test outcomes each.
    /// </summary>
    public sealed class KnownValues : IEquatable<KnownValues>
    {
        public const int MaxVariables = 8;

        public static readonly KnownValues None = new KnownValues(ImmutableDictionary.Create<ISymbol, Fact>(SymbolEqualityComparer.Default));

        private readonly ImmutableDictionary<ISymbol, Fact> _facts;

        private KnownValues(ImmutableDictionary<ISymbol, Fact> facts)
        {
            _facts = facts;
        }

        public bool IsEmpty => _facts.IsEmpty;

        public IEnumerable<ISymbol> Variables => _facts.Keys;

        public Fact? Fact(ISymbol variable) => _facts.TryGetValue(variable, out var fact) ? fact : null;

        public bool? Evaluate(Condition condition) =>
            _facts.TryGetValue(condition.Variable, out var fact) ? fact.Evaluate(condition) : null;

        public KnownValues Learn(Condition condition, bool outcome)
        {
            if (_facts.TryGetValue(condition.Variable, out var fact)) return With(condition.Variable, fact.Learn(condition, outcome));
            if (_facts.Count >= MaxVariables) return this;
            return With(condition.Variable, Flow.Fact.Unknown.Learn(condition, outcome));
        }

        /// <summary>The variable now holds <paramref name="fact"/> (null: something unknown).</summary>
        public KnownValues Assign(ISymbol variable, Fact? fact)
        {
            if (fact == null) return Forget(variable);
            if (!_facts.ContainsKey(variable) && _facts.Count >= MaxVariables) return this;
            return With(variable, fact);
        }

        public KnownValues Forget(ISymbol variable) => _facts.ContainsKey(variable) ? new KnownValues(_facts.Remove(variable)) : this;

        public KnownValues ForgetWhere(Func<ISymbol, bool> stale)
        {
            var result = _facts;
            foreach (var kv in _facts)
            {
                if (stale(kv.Key)) result = result.Remove(kv.Key);
            }
            return result == _facts ? this : new KnownValues(result);
        }

        /// <summary>What holds on both sides of a join.</summary>
        public KnownValues Meet(KnownValues other)
        {
            if (ReferenceEquals(this, other) || _facts.IsEmpty) return this;
            if (other._facts.IsEmpty) return other;
            var result = _facts;
            foreach (var kv in _facts)
            {
                var met = other._facts.TryGetValue(kv.Key, out var theirs) ? kv.Value.Meet(theirs) : null;
                if (met == null) result = result.Remove(kv.Key);
                else if (!ReferenceEquals(met, kv.Value)) result = result.SetItem(kv.Key, met);
            }
            return result == _facts ? this : new KnownValues(result);
        }

        private KnownValues With(ISymbol variable, Fact? fact) =>
            fact == null ? Forget(variable) : new KnownValues(_facts.SetItem(variable, fact));

        public bool Equals(KnownValues? other)
        {
            if (other == null) return false;
            if (ReferenceEquals(this, other)) return true;
            if (_facts.Count != other._facts.Count) return false;
            foreach (var kv in _facts)
            {
                if (!other._facts.TryGetValue(kv.Key, out var theirs) || !theirs.Equals(kv.Value)) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as KnownValues);

        public override int GetHashCode() => _facts.Count;
    }
}
