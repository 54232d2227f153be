using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
                var types = new ConcurrentDictionary<INamedTypeSymbol, Lazy<TypeEvidence>>(SymbolEqualityComparer.Default);
                TypeEvidence EvidenceOf(INamedTypeSymbol type, CancellationToken cancellation) =>
                    types.GetOrAdd(type, t => new Lazy<TypeEvidence>(() => TypeEvidence.Collect(t, analysis, cancellation), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

                // A method's own parameters and return value: from its own body alone.
                start.RegisterCodeBlockAction(block =>
                {
                    if (!(block.OwningSymbol is IMethodSymbol method) || method.ContainingType == null || !analysis.Relevance.TypeMayMatter(method.ContainingType)) return;
                    var results = analysis.Analyze(block);
                    if (results.IsEmpty || !results[0].Completed) return;
                    var main = results[0];
                    if (IsExempt(method, analysis.TableFor(block.CodeBlock.SyntaxTree))) return;
                    foreach (var p in OwnDescriptorParameters(method, main)) Report(block.ReportDiagnostic, p);
                    bool returnsDescriptorField = !main.ReturnsRawDescriptor && !main.ReturnedFields.IsEmpty && method.MethodKind == MethodKind.Ordinary
                        && OwnershipTable.IsRawFdType(method.ReturnType) && main.ReturnedFields.Overlaps(EvidenceOf(method.ContainingType, block.CancellationToken).Stores);
                    if ((main.ReturnsRawDescriptor || returnsDescriptorField) && OwnershipTable.IsRawFdType(method.ReturnType))
                    {
                        var returnType = ReturnTypeLocation(method);
                        if (returnType != null)
                        {
                            block.ReportDiagnostic(Diagnostic.Create(Descriptors.RawFdBoundary, returnType, method.Name + "'s return value", TypeName(method.ReturnType)));
                        }
                    }
                });

                // What the type's code as a whole says: a field or property it stores descriptors in, a parameter
                // stored there, a parameter its code passes descriptors to. Reported on the symbol, so an edit in
                // one body re-analyzes only the symbols it touches; the type's bodies are analyzed only for a
                // symbol of a raw integer type.
                start.RegisterSymbolAction(symbolContext =>
                {
                    var member = symbolContext.Symbol;
                    var memberType = member is IFieldSymbol f ? f.Type : (member as IPropertySymbol)?.Type;
                    if (!OwnershipTable.IsRawFdType(memberType) || member.IsImplicitlyDeclared || member is IPropertySymbol { IsOverride: true }) return;
                    var type = member.ContainingType;
                    if (type == null || !analysis.Relevance.TypeMayMatter(type)) return;
                    if (!EvidenceOf(type, symbolContext.CancellationToken).Stores.Contains(member.OriginalDefinition)) return;
                    var location = member.Locations.FirstOrDefault(l => l.IsInSource);
                    if (location == null) return;
                    symbolContext.ReportDiagnostic(Diagnostic.Create(Descriptors.RawFdBoundary, location, member.Name, TypeName(memberType!)));
                }, SymbolKind.Field, SymbolKind.Property);

                start.RegisterSymbolAction(symbolContext =>
                {
                    var method = (IMethodSymbol)symbolContext.Symbol;
                    if (!method.Parameters.Any(p => OwnershipTable.IsRawFdType(p.Type)) || IsExempt(method, null)) return;
                    var type = method.ContainingType;
                    if (type == null || !analysis.Relevance.TypeMayMatter(type)) return;
                    var evidence = EvidenceOf(type, symbolContext.CancellationToken);
                    var candidates = method.Parameters.Where(p => OwnershipTable.IsRawFdType(p.Type) && (evidence.StoredParameters.Contains(p) || evidence.Receivers.Contains(p))).ToList();
                    if (candidates.Count == 0) return;
                    // The code block action reports the parameters the method's own body uses as descriptors.
                    var own = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        var results = analysis.Analyze(method, reference, symbolContext.CancellationToken);
                        if (results.IsEmpty || !results[0].Completed || IsExempt(method, analysis.TableFor(reference.SyntaxTree))) continue;
                        own.UnionWith(OwnDescriptorParameters(method, results[0]));
                    }
                    foreach (var p in candidates)
                    {
                        if (!own.Contains(p)) Report(symbolContext.ReportDiagnostic, p);
                    }
                }, SymbolKind.Method);
            });
        }

        private static IEnumerable<IParameterSymbol> OwnDescriptorParameters(IMethodSymbol method, FlowResult main) =>
            main.DescriptorParameters.OfType<IParameterSymbol>().Where(p => SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, method));

        /// <summary>What the flow results of one type's own bodies (not its nested types') say about its members and parameters.</summary>
        private sealed class TypeEvidence
        {
            private TypeEvidence(HashSet<ISymbol> stores, HashSet<IParameterSymbol> storedParameters, HashSet<IParameterSymbol> receivers)
            {
                Stores = stores;
                StoredParameters = storedParameters;
                Receivers = receivers;
            }

            /// <summary>Fields and properties of the type that its code stores descriptors in.</summary>
            public HashSet<ISymbol> Stores { get; }

            /// <summary>Parameters of the type's methods stored into one of <see cref="Stores"/>.</summary>
            public HashSet<IParameterSymbol> StoredParameters { get; }

            /// <summary>Parameters of the type's methods that its own code passes acquired descriptors to (callers in other types are not seen here).</summary>
            public HashSet<IParameterSymbol> Receivers { get; }

            public static TypeEvidence Collect(INamedTypeSymbol type, CompilationAnalysis analysis, CancellationToken cancellation)
            {
                var stores = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                var parameterStores = new List<(ISymbol Member, IParameterSymbol Parameter)>();
                var receivers = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
                var getters = new List<(ISymbol Property, ImmutableHashSet<ISymbol> Fields)>();
                foreach (var member in type.GetMembers())
                {
                    // The bodies of the type's own members, as its code block actions see them (no generated code).
                    if (!(member is IMethodSymbol declared)) continue;
                    foreach (var method in declared.PartialImplementationPart == null ? new[] { declared } : new[] { declared, declared.PartialImplementationPart })
                    {
                        if (GeneratedCode.IsGenerated(method)) continue;
                        foreach (var reference in method.DeclaringSyntaxReferences)
                        {
                            if (GeneratedCode.IsGenerated(reference.SyntaxTree, analysis.Compilation, cancellation)) continue;
                            var results = analysis.Analyze(method, reference, cancellation);
                            // A body whose analysis did not complete says nothing, not even through its lambdas.
                            if (results.IsEmpty || !results[0].Completed) continue;
                            foreach (var result in results)
                            {
                                stores.UnionWith(result.DescriptorStores);
                                parameterStores.AddRange(result.ParameterStores);
                                receivers.UnionWith(result.DescriptorArguments.OfType<IParameterSymbol>());
                            }
                            if (method.MethodKind == MethodKind.PropertyGet && method.AssociatedSymbol != null && !results[0].ReturnedFields.IsEmpty)
                            {
                                getters.Add((method.AssociatedSymbol.OriginalDefinition, results[0].ReturnedFields));
                            }
                        }
                    }
                }
                foreach (var (property, fields) in getters)
                {
                    // A property whose getter returns a descriptor field carries the descriptor out of the type.
                    if (fields.Overlaps(stores)) stores.Add(property);
                }
                var storedParameters = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
                foreach (var (member, parameter) in parameterStores)
                {
                    // A parameter stored into a descriptor field carries a descriptor too.
                    if (stores.Contains(member)) storedParameters.Add(parameter);
                }
                Own(stores, m => m.ContainingType, type);
                Own(storedParameters, p => (p.ContainingSymbol as IMethodSymbol)?.ContainingType, type);
                Own(receivers, p => (p.ContainingSymbol as IMethodSymbol)?.ContainingType, type);
                return new TypeEvidence(stores, storedParameters, receivers);
            }

            private static void Own<T>(HashSet<T> set, Func<T, INamedTypeSymbol?> typeOf, INamedTypeSymbol type) =>
                set.RemoveWhere(x => !SymbolEqualityComparer.Default.Equals(typeOf(x), type));
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
