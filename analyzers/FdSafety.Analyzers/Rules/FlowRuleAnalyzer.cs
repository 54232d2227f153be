using System;
using System.Collections.Immutable;
using FdSafety.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>
    /// Plumbing shared by the rules that read the flow analysis: each asks for the (cached) result of
    /// every method body and reports the events of its own kind. The rule classes only choose events
    /// and words.
    /// </summary>
    public abstract class FlowRuleAnalyzer : DiagnosticAnalyzer
    {
        private readonly DiagnosticDescriptor _descriptor;
        private readonly FdEventKind _kind;

        protected FlowRuleAnalyzer(DiagnosticDescriptor descriptor, FdEventKind kind)
        {
            _descriptor = descriptor;
            _kind = kind;
        }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(_descriptor);

        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var analysis = CompilationAnalysis.For(start.Compilation, start.Options);
                // A code block action binds nothing by itself: the pre-pass decides from syntax whether the
                // body can matter before any operation tree is built.
                start.RegisterCodeBlockAction(block =>
                {
                    foreach (var result in analysis.Analyze(block))
                    {
                        foreach (var e in result.OfKind(_kind))
                        {
                            if (!e.Location.IsInSource || e.Location.SourceTree != block.CodeBlock.SyntaxTree) continue;
                            var diagnostic = Create(_descriptor, e);
                            if (diagnostic != null) block.ReportDiagnostic(diagnostic);
                        }
                    }
                });
            });
        }

        /// <summary>The rule's diagnostic for one event, or null to stay silent about it.</summary>
        protected abstract Diagnostic? Create(DiagnosticDescriptor descriptor, FdEvent e);

        protected static int LineOf(Location location) => location.GetLineSpan().StartLinePosition.Line + 1;

        /// <summary>How an exit reads in a message: "the return on line 12", "the end of the method".</summary>
        protected static string DescribeExit(Location location)
        {
            var tree = location.SourceTree;
            var node = tree?.GetRoot().FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            int line = LineOf(location);
            switch (node)
            {
                case ReturnStatementSyntax _:
                    return "the return on line " + line;
                case ThrowStatementSyntax _:
                case ThrowExpressionSyntax _:
                    return "the throw on line " + line;
                case YieldStatementSyntax y when y.IsKind(SyntaxKind.YieldReturnStatement):
                    return "the yield return on line " + line + ", where the consumer may stop";
                case YieldStatementSyntax _:
                    return "the yield break on line " + line;
            }
            var token = tree?.GetRoot().FindToken(location.SourceSpan.Start);
            if (token.HasValue && token.Value.IsKind(SyntaxKind.CloseBraceToken) && location.SourceSpan.Length == 1)
            {
                return "the end of the method on line " + line;
            }
            return "line " + line;
        }
    }
}
