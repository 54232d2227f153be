// kind: switch
// Files.OpenFor picks the open flags with a switch expression on the mode and always adds
// O_CLOEXEC; the result is handed to an OwnedFd, which owns it. Clean.
using System;
using FdSafety;
using Mono.Unix.Native;

public enum Access { Read, Write, Append }

public static class Files
{
    public static OwnedFd OpenFor(string path, Access access)
    {
        OpenFlags flags = access switch
        {
            Access.Read => OpenFlags.O_RDONLY,
            Access.Write => OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC,
            Access.Append => OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_APPEND,
            _ => throw new ArgumentOutOfRangeException(nameof(access)),
        };
        int fd = Syscall.open(path, flags | OpenFlags.O_CLOEXEC, FilePermissions.DEFFILEMODE);
        if (fd < 0) throw new InvalidOperationException($"open {path}: {Stdlib.GetLastError()}");
        return OwnedFd.FromRawFd(fd);
    }
}
