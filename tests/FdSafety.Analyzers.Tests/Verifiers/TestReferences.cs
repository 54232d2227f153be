using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace FdSafety.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// References for test compilations, taken from this machine: the installed SDK's reference pack
    /// (no package download at test time), Mono.Posix.NETStandard and the FdSafety runtime.
    /// </summary>
    internal static class TestReferences
    {
        public static readonly ReferenceAssemblies Assemblies = new ReferenceAssemblies("net10.0");

        public static readonly ImmutableArray<MetadataReference> All = Load();

        private static ImmutableArray<MetadataReference> Load()
        {
            var builder = ImmutableArray.CreateBuilder<MetadataReference>();
            foreach (var path in Directory.GetFiles(FindReferencePack(), "*.dll"))
            {
                builder.Add(MetadataReference.CreateFromFile(path));
            }
            builder.Add(MetadataReference.CreateFromFile(typeof(Mono.Unix.Native.Syscall).Assembly.Location));
            builder.Add(MetadataReference.CreateFromFile(typeof(FdSafety.OwnedFd).Assembly.Location));
            return builder.ToImmutable();
        }

        private static string FindReferencePack()
        {
            // .../dotnet/shared/Microsoft.NETCore.App/<ver>/System.Private.CoreLib.dll -> .../dotnet
            var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
            var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            var major = Environment.Version.Major;
            var candidates = Directory.Exists(packs)
                ? Directory.GetDirectories(packs)
                    .Select(d => Path.Combine(d, "ref", "net" + major + ".0"))
                    .Where(Directory.Exists)
                    .OrderByDescending(d => d, StringComparer.Ordinal)
                    .ToList()
                : new System.Collections.Generic.List<string>();
            if (candidates.Count == 0)
            {
                throw new InvalidOperationException("No reference pack under " + packs + " for net" + major + ".0; the tests need the .NET SDK's Microsoft.NETCore.App.Ref pack.");
            }
            return candidates[0];
        }
    }
}
