// kind: constants
// The flags are a const local with O_CLOEXEC; the file is opened O_WRONLY and only written. Clean.
using System;
using Mono.Unix.Native;

public static class Marker
{
    public static unsafe bool Write(string path)
    {
        const OpenFlags Flags = OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC;
        int fd = Syscall.open(path, Flags, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR);
        if (fd < 0) return false;
        byte b = (byte)'1';
        bool ok = Syscall.write(fd, &b, 1) == 1;
        Syscall.close(fd);
        return ok;
    }
}
