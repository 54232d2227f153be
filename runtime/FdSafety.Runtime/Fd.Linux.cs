using System;
using System.Runtime.InteropServices;
using FdSafety.Native;

namespace FdSafety;

public static partial class Fd
{
    /// <summary>
    /// Creates an anonymous memory-backed file: <c>memfd_create(name, MFD_CLOEXEC)</c>. It starts empty;
    /// size it with writes (or ftruncate). Linux 3.17+, glibc 2.27+. See memfd_create(2).
    /// </summary>
    /// <param name="name">A name for debugging; it shows as <c>/memfd:NAME</c> in <c>/proc/self/fd</c>.</param>
    /// <returns>The new descriptor, open for reading and writing; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="PosixException">memfd_create failed, e.g. <c>EINVAL</c> for a name over 249 bytes.</exception>
    public static OwnedFd MemfdCreate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var owned = new OwnedFd();
        int fd = LibC.memfd_create(name, LibC.MFD_CLOEXEC);
        int errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (fd < 0)
        {
            owned.Dispose();
            throw Errors.Exception(errno, "memfd_create", name);
        }

        owned.Adopt(fd);
        return owned;
    }

    /// <summary>
    /// Creates an event counter: <c>eventfd(initval, EFD_CLOEXEC)</c>. Read and write it with 8-byte
    /// native-endian integers through <see cref="Read"/> and <see cref="Write"/>. See eventfd(2).
    /// </summary>
    /// <param name="initval">The counter's initial value.</param>
    /// <returns>The new descriptor; the caller owns it.</returns>
    /// <exception cref="PosixException">eventfd failed, e.g. <c>EMFILE</c>.</exception>
    public static OwnedFd EventFd(uint initval)
    {
        var owned = new OwnedFd();
        int fd = LibC.eventfd(initval, LibC.O_CLOEXEC);
        int errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (fd < 0)
        {
            owned.Dispose();
            throw Errors.Exception(errno, "eventfd");
        }

        owned.Adopt(fd);
        return owned;
    }
}
