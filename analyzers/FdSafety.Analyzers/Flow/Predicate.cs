using System;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// A comparison of a descriptor slot with an integer constant (<c>fd &lt; 0</c>, <c>fd != -1</c>,
    /// <c>fd is &gt;= 0</c>), as a branch condition or held in a bool (<c>bool ok = fd &gt;= 0</c>).
    /// </summary>
    public sealed class Predicate : IEquatable<Predicate>
    {
        public Predicate(Slot slot, BinaryOperatorKind op, long constant, bool negated)
        {
            Slot = slot;
            Operator = op;
            Constant = constant;
            Negated = negated;
        }

        public Slot Slot { get; }
        public BinaryOperatorKind Operator { get; }
        public long Constant { get; }
        public bool Negated { get; }

        public Predicate Negate() => new Predicate(Slot, Operator, Constant, !Negated);

        public bool Evaluate(long x) => Compare(Operator, x, Constant) != Negated;

        /// <summary><paramref name="x"/> compared with <paramref name="constant"/> by <paramref name="op"/> (any other operator: true).</summary>
        public static bool Compare(BinaryOperatorKind op, long x, long constant)
        {
            switch (op)
            {
                case BinaryOperatorKind.LessThan: return x < constant;
                case BinaryOperatorKind.LessThanOrEqual: return x <= constant;
                case BinaryOperatorKind.GreaterThan: return x > constant;
                case BinaryOperatorKind.GreaterThanOrEqual: return x >= constant;
                case BinaryOperatorKind.Equals: return x == constant;
                case BinaryOperatorKind.NotEquals: return x != constant;
                default: return true;
            }
        }

        /// <summary>Whether a failed acquisition (-1) can take the branch where the predicate equals <paramref name="outcome"/>.</summary>
        public bool AllowsFailure(bool outcome) => Evaluate(-1) == outcome;

        /// <summary>
        /// Whether a descriptor a call just acquired can take that branch. Such a descriptor is taken to
        /// be 1 or more: 0 is stdin, open in every process that has not closed it, so <c>fd &lt;= 0</c> reads
        /// as the failure check it is meant to be.
        /// </summary>
        public bool AllowsValid(bool outcome)
        {
            // Probes 1, 2, 3, the constant and its neighbours, int.MaxValue: no array allocated per condition.
            return Probe(1, outcome) || Probe(2, outcome) || Probe(3, outcome) || Probe(Constant - 1, outcome)
                || Probe(Constant, outcome) || Probe(Constant + 1, outcome) || Probe(int.MaxValue, outcome);
        }

        private bool Probe(long x, bool outcome) => x >= 1 && Evaluate(x) == outcome;

        /// <summary>The operator with its operands swapped (<c>0 &gt; fd</c> is <c>fd &lt; 0</c>).</summary>
        public static BinaryOperatorKind Mirror(BinaryOperatorKind op)
        {
            switch (op)
            {
                case BinaryOperatorKind.LessThan: return BinaryOperatorKind.GreaterThan;
                case BinaryOperatorKind.LessThanOrEqual: return BinaryOperatorKind.GreaterThanOrEqual;
                case BinaryOperatorKind.GreaterThan: return BinaryOperatorKind.LessThan;
                case BinaryOperatorKind.GreaterThanOrEqual: return BinaryOperatorKind.LessThanOrEqual;
                default: return op;
            }
        }

        public static bool IsComparison(BinaryOperatorKind op) =>
            op == BinaryOperatorKind.LessThan || op == BinaryOperatorKind.LessThanOrEqual || op == BinaryOperatorKind.GreaterThan
            || op == BinaryOperatorKind.GreaterThanOrEqual || op == BinaryOperatorKind.Equals || op == BinaryOperatorKind.NotEquals;

        public bool Equals(Predicate? other) =>
            other != null && Slot.Equals(other.Slot) && Operator == other.Operator && Constant == other.Constant && Negated == other.Negated;

        public override bool Equals(object? obj) => Equals(obj as Predicate);

        public override int GetHashCode() => Slot.GetHashCode() ^ ((int)Operator * 397) ^ Constant.GetHashCode() ^ (Negated ? 1 : 0);
    }
}
