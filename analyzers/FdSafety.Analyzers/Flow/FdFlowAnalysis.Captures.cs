using System.Collections.Generic;
using System.Linq;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FdSafety.Analyzers.Flow
{
    /// <summary>
    /// What a lambda or local function does with the variables it captures, by symbol (a lambda parameter
    /// that happens to share a name with an outer descriptor is another variable): it only reads them, closes
    /// them, or may keep or change them. A lambda that only reads a descriptor does not take it over; a
    /// local function called here acts at the call: a close there is a close here.
    /// </summary>
    public sealed partial class FdFlowAnalysis
    {
        private enum CaptureUse
        {
            Reads,
            Closes,
            Keeps,
        }

        private readonly Dictionary<SyntaxNode, Dictionary<ISymbol, CaptureUse>> _captureUses = new Dictionary<SyntaxNode, Dictionary<ISymbol, CaptureUse>>();

        /// <summary>The outer variables a nested body refers to, and what it does with each.</summary>
        private Dictionary<ISymbol, CaptureUse> CaptureUses(SyntaxNode body)
        {
            if (_captureUses.TryGetValue(body, out var known)) return known;
            var uses = new Dictionary<ISymbol, CaptureUse>(SymbolEqualityComparer.Default);
            _captureUses[body] = uses;
            var model = _cfg.OriginalOperation.SemanticModel;
            var root = model?.GetOperation(body, _cancellation);
            if (root == null) return uses;
            foreach (var op in root.DescendantsAndSelf())
            {
                ISymbol? symbol = op is ILocalReferenceOperation l ? l.Local : (op as IParameterReferenceOperation)?.Parameter;
                if (symbol == null || IsDeclaredWithin(symbol, body)) continue;
                var use = Classify(op);
                uses[symbol] = uses.TryGetValue(symbol, out var before) ? Worst(before, use) : use;
            }
            return uses;
        }

        private static bool IsDeclaredWithin(ISymbol symbol, SyntaxNode body)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == body.SyntaxTree && body.Span.Contains(reference.Span)) return true;
            }
            return false;
        }

        private static CaptureUse Worst(CaptureUse a, CaptureUse b) => a == CaptureUse.Keeps || b == CaptureUse.Keeps ? CaptureUse.Keeps : a == CaptureUse.Closes || b == CaptureUse.Closes ? CaptureUse.Closes : CaptureUse.Reads;

        /// <summary>What one reference to a captured variable does with it.</summary>
        private CaptureUse Classify(IOperation reference)
        {
            IOperation child = reference;
            var parent = reference.Parent;
            while (parent is IConversionOperation || parent is IParenthesizedOperation)
            {
                child = parent;
                parent = parent.Parent;
            }
            switch (parent)
            {
                case IArgumentOperation argument when argument.Parameter != null:
                {
                    if (argument.Parameter.RefKind != RefKind.None && argument.Parameter.RefKind != RefKind.In) return CaptureUse.Keeps;
                    FdEffect effect;
                    if (argument.Parent is IInvocationOperation invocation)
                    {
                        if (invocation.TargetMethod.MethodKind == MethodKind.LocalFunction) return CaptureUse.Keeps;
                        effect = _table.Classify(invocation);
                    }
                    else if (argument.Parent is IObjectCreationOperation creation)
                    {
                        effect = _table.Classify(creation);
                    }
                    else
                    {
                        return CaptureUse.Keeps;
                    }
                    if (!effect.Arguments.TryGetValue(argument.Parameter.Ordinal, out var role))
                    {
                        // Not a descriptor parameter: a number printed, compared, counted with. A generic
                        // store (List<int>.Add) keeps it.
                        return effect.IsGeneric ? CaptureUse.Keeps : CaptureUse.Reads;
                    }
                    if (role == ArgumentRole.Use) return CaptureUse.Reads;
                    // A close on some paths only (under a condition, in a loop or a catch) may or may not happen.
                    return role == ArgumentRole.Close && !IsConditional(reference) ? CaptureUse.Closes : CaptureUse.Keeps;
                }
                case ISimpleAssignmentOperation assignment:
                    // Written, or copied somewhere the analysis of this body does not follow.
                    return CaptureUse.Keeps;
                case IBinaryOperation _:
                case IIsPatternOperation _:
                case IUnaryOperation _:
                case IInterpolationOperation _:
                case IExpressionStatementOperation _:
                case ISwitchOperation _:
                case ISwitchExpressionOperation _:
                    return CaptureUse.Reads;
                case IInvocationOperation call when call.Instance == child:
                    // fd.ToString(), owner.AsRawFd(): a read; owner.Dispose() closes it.
                    var receiverEffect = _table.Classify(call);
                    return receiverEffect.Receiver == ArgumentRole.Close ? CaptureUse.Closes : receiverEffect.Receiver == null || receiverEffect.Receiver == ArgumentRole.Use ? CaptureUse.Reads : CaptureUse.Keeps;
                case IPropertyReferenceOperation property when property.Instance == child:
                    return CaptureUse.Reads;
            }
            return CaptureUse.Keeps;
        }

        private static bool IsConditional(IOperation reference)
        {
            for (var node = reference.Syntax.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax _:
                        return false;
                    case Microsoft.CodeAnalysis.CSharp.Syntax.IfStatementSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.SwitchStatementSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.SwitchExpressionSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.ConditionalExpressionSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.ForStatementSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.WhileStatementSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.DoStatementSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.CatchClauseSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.TryStatementSyntax _:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.ConditionalAccessExpressionSyntax _:
                        return true;
                    case Microsoft.CodeAnalysis.CSharp.Syntax.BinaryExpressionSyntax b when b.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalAndExpression) || b.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalOrExpression) || b.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression):
                        return true;
                }
            }
            return false;
        }

        [System.ThreadStatic]
        private static HashSet<IMethodSymbol>? _localsInProgress;

        private readonly Dictionary<IMethodSymbol, FdEffect?> _localEffects = new Dictionary<IMethodSymbol, FdEffect?>(SymbolEqualityComparer.Default);

        /// <summary>
        /// A local function's effect on its own parameters and result, from its own flow analysis (as a
        /// method's summary). Null when unknown (it calls itself, or its analysis gave up).
        /// </summary>
        private FdEffect? LocalFunctionEffect(IMethodSymbol local)
        {
            // A generic local function is called as a constructed method; its graph is the definition's.
            local = local.OriginalDefinition;
            if (_localEffects.TryGetValue(local, out var known)) return known;
            var inProgress = _localsInProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (inProgress.Count >= 4 || !inProgress.Add(local)) return null;
            FdEffect? effect = null;
            try
            {
                // In broken code a call can name a local function this graph does not hold: no summary then.
                var graph = GraphInScope(local);
                if (graph != null)
                {
                    var result = Analyze(graph, _table, local, _cancellation);
                    effect = MethodSummary.ToEffect(local, result);
                }
            }
            finally
            {
                inProgress.Remove(local);
            }
            _localEffects[local] = effect;
            return effect;
        }

        private ControlFlowGraph? GraphInScope(IMethodSymbol local)
        {
            for (var graph = _cfg; graph != null; graph = graph.Parent)
            {
                if (graph.LocalFunctions.Contains(local, SymbolEqualityComparer.Default)) return graph.GetLocalFunctionControlFlowGraph(local, _cancellation);
            }
            return null;
        }

        /// <summary>A lambda is created: what it may keep or close is handed on (it may run later, or never); what it only reads stays here.</summary>
        private void CaptureAtCreation(SyntaxNode body, FlowState state)
        {
            foreach (var kv in CaptureUses(body))
            {
                if (kv.Value == CaptureUse.Reads) continue;
                foreach (var slot in state.SlotsOfVariable(Slot.Of(kv.Key)).ToList()) Escape(state.Get(slot), state);
            }
        }

        /// <summary>A local function is called: it reads, closes or keeps its captured descriptors here and now.</summary>
        private void CaptureAtCall(IInvocationOperation call, SyntaxNode body, FlowState state)
        {
            foreach (var kv in CaptureUses(body))
            {
                var whole = Slot.Of(kv.Key);
                var values = state.Get(whole);
                switch (kv.Value)
                {
                    case CaptureUse.Reads:
                        Apply(ArgumentRole.Use, values, state, call, null, FdEffect.None, evidence: false);
                        break;
                    case CaptureUse.Closes:
                        Apply(ArgumentRole.Close, values, state, call, null, FdEffect.None, evidence: false);
                        break;
                    default:
                        foreach (var slot in state.SlotsOfVariable(whole).ToList()) Escape(state.Get(slot), state);
                        break;
                }
            }
        }
    }
}
