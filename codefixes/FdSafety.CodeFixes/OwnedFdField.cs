using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FdSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace FdSafety.CodeFixes
{
    /// <summary>
    /// FDS0004 for a field holding a descriptor: <c>int _fd</c> becomes <c>OwnedFd _fd</c>, and the
    /// type implements <c>IDisposable</c> with a <c>Dispose()</c> that disposes it (or its existing
    /// <c>Dispose()</c> does so at its end). Each constructor's store keeps its place: a constructor
    /// parameter stored there becomes <c>OwnedFd</c> and its callers hand the descriptor over
    /// (<see cref="OwnedFdParameter"/>), a checked local of the constructor is stored as
    /// <c>OwnedFd.FromRawFd(fd)</c>. An explicit <c>close(_fd);</c> becomes <c>_fd.Dispose();</c> at
    /// the same place, and the reads <c>_fd.AsRawFd()</c>.
    /// </summary>
    /// <remarks>
    /// Offered only for an instance field of a class, declared on its own without an initializer, that
    /// only its own type mentions; every constructor stores it exactly once on every path (so no
    /// object sees the default 0, which is stdin) and nothing else assigns it (a second store would drop
    /// the first owner); otherwise it is only closed by a <c>close</c> statement or read as a call
    /// argument. A type that is disposable only through its base class gets no fix (its disposal
    /// goes through code this fix would have to guess). One behaviour does change, on paths the old code
    /// got wrong: a use of the field after another method closed it throws
    /// <c>ObjectDisposedException</c> where the raw call failed with <c>EBADF</c> (or, had the number
    /// been reused, hit another file), and a second close does nothing.
    /// </remarks>
    internal static class OwnedFdField
    {
        public const string EquivalenceKey = "FdSafety.OwnedFdField";

        public static async Task<Solution?> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return null;
            var declarator = Surgery.Find<VariableDeclaratorSyntax>(root, span);
            if (declarator == null || !(declarator.Parent is VariableDeclarationSyntax variables) || !(variables.Parent is FieldDeclarationSyntax fieldDeclaration)) return null;
            if (variables.Variables.Count != 1 || declarator.Initializer != null) return null;
            if (!(model.GetDeclaredSymbol(declarator, cancellationToken) is IFieldSymbol field) || field.IsStatic || field.IsConst || field.IsVolatile
                || field.Type.SpecialType != SpecialType.System_Int32) return null;
            var type = field.ContainingType;
            if (type.TypeKind != TypeKind.Class || !(fieldDeclaration.Parent is ClassDeclarationSyntax typeDeclaration)) return null;
            if (model.Compilation.GetTypeByMetadataName("FdSafety.OwnedFd") == null) return null;
            var solution = document.Project.Solution;
            var edit = new SolutionEdit(solution);

            // Disposal: a Dispose() of the type's own, or a new one with IDisposable.
            var disposable = model.Compilation.GetSpecialType(SpecialType.System_IDisposable);
            var dispose = type.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0);
            bool implements = type.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default);
            MethodDeclarationSyntax? disposeDeclaration = null;
            if (dispose != null)
            {
                if (!implements || dispose.IsStatic || dispose.IsAbstract || !dispose.ReturnsVoid || dispose.DeclaringSyntaxReferences.Length != 1) return null;
                disposeDeclaration = dispose.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as MethodDeclarationSyntax;
                if (disposeDeclaration?.Body == null || disposeDeclaration.SyntaxTree != root.SyntaxTree) return null;
            }
            else if (implements || type.GetMembers().Any(m => m.Name == "Dispose")) return null;

            // Every constructor stores the field once, on every path.
            var constructors = type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared).ToList();
            if (constructors.Count == 0 || type.InstanceConstructors.Any(c => c.IsImplicitlyDeclared)) return null;
            var stores = new Dictionary<IMethodSymbol, ExpressionStatementSyntax>(SymbolEqualityComparer.Default);
            bool closedInDispose = false;
            var references = await SymbolFinder.FindReferencesAsync(field, solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.IsImplicit || location.IsCandidateLocation || location.Document.Id != document.Id) return null;
                var id = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true) as IdentifierNameSyntax;
                if (id == null || !typeDeclaration.Span.Contains(id.Span)) return null;
                var whole = Boundary.Whole(id);
                var close = Boundary.CloseStatement(model, whole, cancellationToken);
                if (close != null)
                {
                    edit.Replace(document.Id, close, SyntaxFactory.ExpressionStatement(Boundary.CallOn(whole, "Dispose")).WithTriviaFrom(close));
                    if (disposeDeclaration != null && disposeDeclaration.Span.Contains(close.Span)) closedInDispose = true;
                    continue;
                }
                if (Boundary.IsArgumentRead(model, whole, cancellationToken))
                {
                    edit.Replace(document.Id, whole, Boundary.CallOn(whole, "AsRawFd"));
                    continue;
                }
                if (!(whole.Parent is AssignmentExpressionSyntax assignment) || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.Left != whole
                    || !(assignment.Parent is ExpressionStatementSyntax statement)) return null;
                var constructor = statement.Ancestors().OfType<ConstructorDeclarationSyntax>().FirstOrDefault();
                if (constructor == null || Boundary.IsCaptured(statement) || constructor.Initializer != null) return null;
                if (!(model.GetDeclaredSymbol(constructor, cancellationToken) is IMethodSymbol ctor) || stores.ContainsKey(ctor)) return null;
                if (!Boundary.IsOnEveryPath(Boundary.BodyOf(constructor)!, statement, throwsAllowed: true)) return null;
                stores[ctor] = statement;
                if (!await StoreAsync(edit, document, model, constructor, assignment, cancellationToken).ConfigureAwait(false)) return null;
            }
            if (constructors.Any(c => !stores.ContainsKey(c))) return null;

            // The field's type, and its disposal.
            edit.Replace(document.Id, variables.Type, Boundary.OwnedFdType().WithTriviaFrom(variables.Type));
            var fieldName = field.Name;
            if (disposeDeclaration != null)
            {
                if (!closedInDispose)
                {
                    edit.Edit(document.Id, disposeDeclaration.Body!, body => ((BlockSyntax)body).AddStatements(DisposeStatement(fieldName)));
                }
            }
            else
            {
                edit.Edit(document.Id, typeDeclaration, node => AddDispose((ClassDeclarationSyntax)node, fieldName));
            }
            return await edit.ApplyAsync(document.Id, typeDeclaration, DiagnosticIds.RawFdBoundary, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The store in a constructor: from its own parameter (which becomes OwnedFd), or from a checked local it never mentions again.</summary>
        private static async Task<bool> StoreAsync(SolutionEdit edit, Document document, SemanticModel model, ConstructorDeclarationSyntax constructor, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
        {
            var value = assignment.Right;
            if (value is IdentifierNameSyntax name && model.GetSymbolInfo(name, cancellationToken).Symbol is IParameterSymbol parameter
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, model.GetDeclaredSymbol(constructor, cancellationToken)))
            {
                return await OwnedFdParameter.AddAsync(edit, document, model, constructor, parameter, id => id.Span == name.Span, cancellationToken).ConfigureAwait(false);
            }
            if (Boundary.IsCheckedOpen(model, value, assignment, cancellationToken) && Boundary.IsUnusedAfter(model, value, assignment, cancellationToken))
            {
                edit.Replace(document.Id, value, Boundary.FromRawFd(value));
                return true;
            }
            return false;
        }

        private static StatementSyntax DisposeStatement(string field) =>
            SyntaxFactory.ExpressionStatement(Boundary.CallOn(SyntaxFactory.IdentifierName(field), "Dispose")).WithAdditionalAnnotations(Formatter.Annotation);

        /// <summary>A blank line in the file's own line ending.</summary>
        private static SyntaxTrivia NewLine(SyntaxNode node) =>
            node.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is var t && t.IsKind(SyntaxKind.EndOfLineTrivia) ? t : SyntaxFactory.LineFeed;

        /// <summary><c>: IDisposable</c> and, after the last member, <c>public void Dispose() { _fd.Dispose(); }</c>.</summary>
        private static ClassDeclarationSyntax AddDispose(ClassDeclarationSyntax type, string field)
        {
            var disposable = SyntaxFactory.SimpleBaseType(SyntaxFactory.ParseTypeName("global::System.IDisposable").WithAdditionalAnnotations(Simplifier.Annotation));
            if (type.BaseList == null)
            {
                // `class C` + ` : IDisposable`, the line break staying after it.
                var last = type.TypeParameterList != null ? type.TypeParameterList.GetLastToken() : type.Identifier;
                var trailing = last.TrailingTrivia;
                type = type.ReplaceToken(last, last.WithTrailingTrivia(SyntaxFactory.Space));
                type = type.WithBaseList(SyntaxFactory.BaseList(SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(disposable.WithTrailingTrivia(trailing))));
            }
            else
            {
                var types = type.BaseList.Types;
                var lastType = types.Last();
                type = type.WithBaseList(type.BaseList.WithTypes(types.Replace(lastType, lastType.WithoutTrailingTrivia())
                    .Add(disposable.WithTrailingTrivia(lastType.GetTrailingTrivia()))));
            }
            var method = SyntaxFactory.MethodDeclaration(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)), "Dispose")
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                .WithBody(SyntaxFactory.Block(DisposeStatement(field)))
                .WithLeadingTrivia(NewLine(type))
                .WithAdditionalAnnotations(Formatter.Annotation);
            return type.AddMembers(method);
        }
    }
}
