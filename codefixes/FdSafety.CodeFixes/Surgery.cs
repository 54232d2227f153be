using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// The syntax surgery the fixes share: finding the node a diagnostic names, naming a constant the
    /// way the binding spells it, combining flags, removing a statement, adding <c>using FdSafety;</c>.
    /// Generated nodes carry the simplifier and formatter annotations, so the result reads as written
    /// by hand.
    /// </summary>
    internal static class Surgery
    {
        public const string RuntimeNamespace = "FdSafety";

        /// <summary>The innermost node of type <typeparamref name="T"/> whose span is exactly <paramref name="span"/>, or that contains it.</summary>
        public static T? Find<T>(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
            where T : SyntaxNode
        {
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            for (var n = node; n != null; n = n.Parent)
            {
                if (n is T t && t.Span.Contains(span)) return t;
            }
            return null;
        }

        /// <summary>
        /// An expression for the constant <paramref name="name"/> as it can be passed to a parameter
        /// of <paramref name="parameterType"/>: the enum's own member when the type is an enum that has
        /// one (Mono.Posix's OpenFlags.O_CLOEXEC), else a <c>const</c> field of that name declared by
        /// the binding's type, the calling type or any type the call site can see by that name.
        /// Null when there is none: the fixes never invent a number.
        /// </summary>
        public static ExpressionSyntax? Constant(SemanticModel model, int position, ITypeSymbol parameterType, string name, INamedTypeSymbol? bindingType)
        {
            if (parameterType.TypeKind == TypeKind.Enum)
            {
                var member = parameterType.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue);
                return member == null ? null : MemberOf(parameterType, name);
            }
            foreach (var type in TypesToSearch(model, position, bindingType))
            {
                var field = type.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault(f => f.IsConst);
                if (field != null && model.IsAccessible(position, field)) return MemberOf(type, name);
            }
            foreach (var symbol in model.LookupSymbols(position, name: name))
            {
                if (symbol is IFieldSymbol field && field.IsConst) return MemberOf(field.ContainingType, name);
                if (symbol is ILocalSymbol local && local.IsConst) return SyntaxFactory.IdentifierName(name);
            }
            return null;
        }

        private static IEnumerable<INamedTypeSymbol> TypesToSearch(SemanticModel model, int position, INamedTypeSymbol? bindingType)
        {
            if (bindingType != null) yield return bindingType;
            for (var type = model.GetEnclosingSymbol(position)?.ContainingType; type != null; type = type.ContainingType)
            {
                yield return type;
            }
        }

        /// <summary><c>Type.Member</c>, fully qualified and marked for the simplifier to shorten.</summary>
        public static ExpressionSyntax MemberOf(ITypeSymbol type, string member) =>
            SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
                    SyntaxFactory.IdentifierName(member))
                .WithAdditionalAnnotations(Simplifier.Annotation);

        /// <summary>
        /// <c>existing | flag</c>, or just the flag when the existing value is a literal 0 (a named
        /// zero such as O_RDONLY stays: it says what the call is for).
        /// </summary>
        public static ExpressionSyntax AddFlag(SemanticModel model, ExpressionSyntax existing, ExpressionSyntax flag, CancellationToken cancellationToken)
        {
            var constant = model.GetConstantValue(existing, cancellationToken);
            if (existing is LiteralExpressionSyntax && constant.HasValue && IsZero(constant.Value))
            {
                return flag.WithTriviaFrom(existing);
            }
            var left = NeedsParentheses(existing) ? SyntaxFactory.ParenthesizedExpression(existing.WithoutTrivia()) : existing.WithoutTrivia();
            return SyntaxFactory.BinaryExpression(SyntaxKind.BitwiseOrExpression, left, flag).WithTriviaFrom(existing);
        }

        /// <summary><c>a | b | c</c> from the given operands, left to right.</summary>
        public static ExpressionSyntax OrAll(IEnumerable<ExpressionSyntax> operands)
        {
            ExpressionSyntax? result = null;
            foreach (var operand in operands)
            {
                result = result == null ? operand : SyntaxFactory.BinaryExpression(SyntaxKind.BitwiseOrExpression, result, operand);
            }
            return result!;
        }

        private static bool IsZero(object? value) => value switch
        {
            int i => i == 0,
            uint u => u == 0,
            long l => l == 0,
            ulong ul => ul == 0,
            short s => s == 0,
            ushort us => us == 0,
            byte b => b == 0,
            sbyte sb => sb == 0,
            _ => false,
        };

        /// <summary>True when <c>expression | x</c> would bind differently from <c>(expression) | x</c>.</summary>
        private static bool NeedsParentheses(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case IdentifierNameSyntax _:
                case MemberAccessExpressionSyntax _:
                case InvocationExpressionSyntax _:
                case ElementAccessExpressionSyntax _:
                case LiteralExpressionSyntax _:
                case ParenthesizedExpressionSyntax _:
                case CastExpressionSyntax _:
                case PrefixUnaryExpressionSyntax _:
                case CheckedExpressionSyntax _:
                    return false;
                case BinaryExpressionSyntax binary:
                    switch (binary.Kind())
                    {
                        case SyntaxKind.BitwiseOrExpression:
                        case SyntaxKind.ExclusiveOrExpression:
                        case SyntaxKind.BitwiseAndExpression:
                        case SyntaxKind.LeftShiftExpression:
                        case SyntaxKind.RightShiftExpression:
                        case SyntaxKind.AddExpression:
                        case SyntaxKind.SubtractExpression:
                        case SyntaxKind.MultiplyExpression:
                        case SyntaxKind.DivideExpression:
                        case SyntaxKind.ModuloExpression:
                            return false;
                        default:
                            return true;
                    }
                default:
                    return true;
            }
        }

        /// <summary>
        /// True when an expression can be dropped without losing an effect: names, literals, member
        /// reads, casts and the runtime's peeks (AsRawFd, AsFd, DangerousGetHandle, ToInt32).
        /// </summary>
        public static bool IsFreeOfEffects(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case IdentifierNameSyntax _:
                case LiteralExpressionSyntax _:
                case ThisExpressionSyntax _:
                    return true;
                case MemberAccessExpressionSyntax member:
                    return IsFreeOfEffects(member.Expression);
                case ParenthesizedExpressionSyntax parenthesized:
                    return IsFreeOfEffects(parenthesized.Expression);
                case CastExpressionSyntax cast:
                    return IsFreeOfEffects(cast.Expression);
                case ElementAccessExpressionSyntax element:
                    return IsFreeOfEffects(element.Expression) && element.ArgumentList.Arguments.All(a => IsFreeOfEffects(a.Expression));
                case InvocationExpressionSyntax invocation
                    when invocation.ArgumentList.Arguments.Count == 0 && invocation.Expression is MemberAccessExpressionSyntax access:
                    switch (access.Name.Identifier.ValueText)
                    {
                        case "AsRawFd":
                        case "AsFd":
                        case "DangerousGetHandle":
                        case "ToInt32":
                            return IsFreeOfEffects(access.Expression);
                        default:
                            return false;
                    }
                default:
                    return false;
            }
        }

        /// <summary>True when the statement sits directly in a block or switch section, where removing it leaves valid code.</summary>
        public static bool CanRemove(StatementSyntax statement) =>
            statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax || statement.Parent is GlobalStatementSyntax;

        /// <summary>Adds <c>using FdSafety;</c> once, unless the file already has it or the code sits inside that namespace.</summary>
        public static SyntaxNode AddRuntimeUsing(SyntaxNode root, SyntaxNode? anyNodeInCode = null)
        {
            if (!(root is CompilationUnitSyntax unit)) return root;
            if (unit.Usings.Any(u => u.Alias == null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == RuntimeNamespace)) return root;
            if (anyNodeInCode != null && anyNodeInCode.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>()
                    .Any(n => n.Name.ToString() == RuntimeNamespace || n.Name.ToString().StartsWith(RuntimeNamespace + ".", System.StringComparison.Ordinal)))
            {
                return root;
            }
            var newline = NewLineOf(unit);
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.IdentifierName(RuntimeNamespace)).NormalizeWhitespace()
                .WithTrailingTrivia(newline);
            // Keep the usings sorted the common way: System first, then alphabetical.
            var usings = unit.Usings;
            int index = 0;
            while (index < usings.Count && string.CompareOrdinal(SortKey(usings[index]), SortKey(directive)) < 0) index++;
            if (usings.Count == 0)
            {
                var first = unit.Members.FirstOrDefault();
                directive = directive.WithTrailingTrivia(newline, newline);
                if (first != null && first.HasLeadingTrivia)
                {
                    // A file header comment stays on top.
                    directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
                    unit = unit.ReplaceNode(first, first.WithLeadingTrivia());
                }
                return unit.WithUsings(unit.Usings.Add(directive));
            }
            if (index == 0)
            {
                // Before the first using: take over its leading trivia (a header comment).
                var oldFirst = usings[0];
                directive = directive.WithLeadingTrivia(oldFirst.GetLeadingTrivia());
                usings = usings.Replace(oldFirst, oldFirst.WithLeadingTrivia());
            }
            return unit.WithUsings(usings.Insert(index, directive));
        }

        /// <summary>The file's own line ending (the first one found), so an inserted line matches the rest.</summary>
        public static SyntaxTrivia NewLineOf(SyntaxNode root)
        {
            foreach (var trivia in root.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia)) return trivia;
            }
            return SyntaxFactory.LineFeed;
        }

        /// <summary>
        /// <paramref name="name"/>, or <c>name2</c>, <c>name3</c> ...: the first that no identifier in
        /// <paramref name="scope"/>, no symbol visible there and none of <paramref name="taken"/> uses.
        /// </summary>
        public static string UniqueName(SemanticModel model, SyntaxNode scope, string name, IEnumerable<string>? taken = null)
        {
            var used = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            foreach (var symbol in model.LookupSymbols(scope.SpanStart)) used.Add(symbol.Name);
            if (taken != null) used.UnionWith(taken);
            string candidate = name;
            for (int i = 2; used.Contains(candidate); i++) candidate = name + i;
            return candidate;
        }

        private static string SortKey(UsingDirectiveSyntax u)
        {
            var name = u.Name?.ToString() ?? "";
            return (name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal) ? "0" : "1") + name;
        }

    }
}
