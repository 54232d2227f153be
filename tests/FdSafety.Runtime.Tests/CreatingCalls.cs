using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace FdSafety.Runtime.Tests;

/// <summary>
/// The runtime's creating calls, found by reflection: every public static method of <see cref="Fd"/> that
/// returns an <see cref="OwnedFd"/> or a tuple of them, and every public instance method of
/// <see cref="OwnedFd"/> that returns one (TryClone). Tests that must cover each creating call compare
/// their own list against this one, so a call added later fails them until it is covered.
/// </summary>
internal static class CreatingCalls
{
    public static IReadOnlyList<string> Discover()
    {
        var fromFd = typeof(Fd).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => Creates(m.ReturnType));
        var fromOwner = typeof(OwnedFd).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => Creates(m.ReturnType));
        return fromFd.Concat(fromOwner).Select(Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    /// <summary>"Fd.Open(String, OpenFlags, FilePermissions)": type, name and parameter types, so overloads differ.</summary>
    public static string Key(MethodInfo method) =>
        method.DeclaringType!.Name + "." + method.Name + "(" + string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name)) + ")";

    private static bool Creates(Type type)
    {
        if (type == typeof(OwnedFd))
        {
            return true;
        }

        return type.IsGenericType
            && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal)
            && type.GetGenericArguments().Any(Creates);
    }
}
