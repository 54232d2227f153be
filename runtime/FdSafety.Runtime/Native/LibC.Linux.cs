using System.Runtime.InteropServices;

namespace FdSafety.Native;

internal static partial class LibC
{
    /// <summary>Linux <c>MFD_CLOEXEC</c>.</summary>
    internal const uint MFD_CLOEXEC = 1;

    /// <summary><c>int memfd_create(const char *name, unsigned int flags)</c>, memfd_create(2), glibc 2.27+.</summary>
    [DllImport(Library, EntryPoint = "memfd_create", SetLastError = true)]
    [return: AcquiresFd]
    internal static extern int memfd_create([MarshalAs(UnmanagedType.LPUTF8Str)] string name, uint flags);

    /// <summary><c>int eventfd(unsigned int initval, int flags)</c>, eventfd(2). EFD_CLOEXEC equals O_CLOEXEC.</summary>
    [DllImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    [return: AcquiresFd]
    internal static extern int eventfd(uint initval, int flags);
}
