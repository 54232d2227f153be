using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using FdSafety.Analyzers.Flow;
using FdSafety.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FdSafety.Analyzers.Rules
{
    /// <summary>
    /// FDS0004: an integer parameter, return value, field or property of user code that carries a
    /// descriptor, decided by flow: the method uses, closes or keeps the parameter as a descriptor; it
    /// returns a descriptor it acquired or took from an owner; the field is assigned one or handed to a
    /// descriptor call. The raw layer is exempt: extern declarations, methods carrying the fd
    /// attributes or named in the fdsafety.*_methods options, overrides and interface implementations
    /// (their signature is not theirs to change).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RawFdBoundaryAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RawFdBoundary);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var analysis = CompilationAnalysis.For(start.Compilation, start.Options);
                start.RegisterSymbolStartAction(typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    // A type none of whose bodies can matter has nothing to collect (decided from syntax).
                    if (!analysis.Relevance.TypeMayMatter(type)) return;
                    var members = new ConcurrentDictionary<ISymbol, byte>(SymbolEqualityComparer.Default);
                    var parameterStores = new ConcurrentDictionary<(ISymbol Member, IParameterSymbol Parameter), byte>();
                    var reported = new ConcurrentDictionary<IParameterSymbol, byte>(SymbolEqualityComparer.Default);
                    var receivers = new ConcurrentDictionary<IParameterSymbol, byte>(SymbolEqualityComparer.Default);

                    typeStart.RegisterCodeBlockAction(block =>
                    {
                        var results = analysis.Analyze(block);
                        if (results.IsEmpty || !results[0].Completed) return;
                        var main = results[0];
                        if (block.OwningSymbol is IMethodSymbol method && !IsExempt(method, analysis.TableFor(block.CodeBlock.SyntaxTree)))
                        {
                            foreach (var p in main.DescriptorParameters.OfType<IParameterSymbol>())
                            {
                                if (SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, method) && reported.TryAdd(p, 0)) Report(block.ReportDiagnostic, p);
                            }
                            if (main.ReturnsRawDescriptor && OwnershipTable.IsRawFdType(method.ReturnType))
                            {
                                var returnType = ReturnTypeLocation(method);
                                if (returnType != null)
                                {
                                    block.ReportDiagnostic(Diagnostic.Create(Descriptors.RawFdBoundary, returnType, method.Name + "'s return value", TypeName(method.ReturnType)));
                                }
                            }
                        }
                        foreach (var result in results)
                        {
                            foreach (var member in result.DescriptorStores) members.TryAdd(member, 0);
                            foreach (var store in result.ParameterStores) parameterStores.TryAdd(store, 0);
                            foreach (var argument in result.DescriptorArguments.OfType<IParameterSymbol>()) receivers.TryAdd(argument, 0);
                        }
                    });

                    typeStart.RegisterSymbolEndAction(end =>
                    {
                        foreach (var member in members.Keys)
                        {
                            if (!SymbolEqualityComparer.Default.Equals(member.ContainingType, type)) continue;
                            var memberType = member is IFieldSymbol f ? f.Type : (member as IPropertySymbol)?.Type;
                            if (!OwnershipTable.IsRawFdType(memberType) || member.IsImplicitlyDeclared || member is IPropertySymbol { IsOverride: true }) continue;
                            var location = member.Locations.FirstOrDefault(l => l.IsInSource);
                            if (location == null) continue;
                            end.ReportDiagnostic(Diagnostic.Create(Descriptors.RawFdBoundary, location, member.Name, TypeName(memberType!)));
                        }
                        foreach (var (member, parameter) in parameterStores.Keys)
                        {
                            // A parameter stored into a descriptor field carries a descriptor too.
                            if (!members.ContainsKey(member) || !(parameter.ContainingSymbol is IMethodSymbol owner)) continue;
                            if (!SymbolEqualityComparer.Default.Equals(owner.ContainingType, type)) continue;
                            if (!IsExempt(owner, null) && reported.TryAdd(parameter, 0)) Report(end.ReportDiagnostic, parameter);
                        }
                        foreach (var parameter in receivers.Keys)
                        {
                            // A parameter this type's own code passes acquired descriptors to (callers in other
                            // types are not seen here).
                            if (!(parameter.ContainingSymbol is IMethodSymbol owner) || !SymbolEqualityComparer.Default.Equals(owner.ContainingType, type)) continue;
                            if (!IsExempt(owner, null) && reported.TryAdd(parameter, 0)) Report(end.ReportDiagnostic, parameter);
                        }
                    });
                }, SymbolKind.NamedType);
            });
        }

        private static void Report(System.Action<Diagnostic> report, IParameterSymbol parameter)
        {
            if (!OwnershipTable.IsRawFdType(parameter.Type)) return;
            var location = parameter.Locations.FirstOrDefault(l => l.IsInSource);
            if (location == null) return;
            report(Diagnostic.Create(Descriptors.RawFdBoundary, location, parameter.Name, TypeName(parameter.Type)));
        }

        private static string TypeName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

        private static bool IsExempt(IMethodSymbol method, OwnershipTable? table)
        {
            if (method.IsExtern || method.IsOverride || method.IsImplicitlyDeclared) return true;
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.Constructor
                && method.MethodKind != MethodKind.StaticConstructor && method.MethodKind != MethodKind.PropertyGet
                && method.MethodKind != MethodKind.PropertySet)
            {
                return true;
            }
            if (method.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterfaceMember(method)) return true;
            if (HasFdAttribute(method.GetAttributes()) || HasFdAttribute(method.GetReturnTypeAttributes())) return true;
            if (method.Parameters.Any(p => HasFdAttribute(p.GetAttributes()))) return true;
            if (method.GetDllImportData() != null) return true;
            if (table != null && !table.Options.IsEmpty)
            {
                var id = method.OriginalDefinition.GetDocumentationCommentId();
                if (id != null && (table.Options.AcquireMethods.Contains(id) || table.Options.ReleaseMethods.Contains(id) || table.Options.BorrowMethods.Contains(id))) return true;
            }
            return false;
        }

        private static bool ImplementsInterfaceMember(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type == null) return false;
            foreach (var iface in type.AllInterfaces)
            {
                foreach (var member in iface.GetMembers().OfType<IMethodSymbol>())
                {
                    var impl = type.FindImplementationForInterfaceMember(member);
                    if (SymbolEqualityComparer.Default.Equals(impl, method)) return true;
                }
            }
            return false;
        }

        private static bool HasFdAttribute(ImmutableArray<AttributeData> attributes) =>
            attributes.Any(a => a.AttributeClass?.Name is "AcquiresFdAttribute" or "ReleasesFdAttribute" or "BorrowsFdAttribute");

        private static Location? ReturnTypeLocation(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax())
                {
                    case MethodDeclarationSyntax m: return m.ReturnType.GetLocation();
                    case AccessorDeclarationSyntax a when a.Parent?.Parent is PropertyDeclarationSyntax p: return p.Type.GetLocation();
                    case ArrowExpressionClauseSyntax e when e.Parent is PropertyDeclarationSyntax p2: return p2.Type.GetLocation();
                }
            }
            return null;
        }
    }
}
