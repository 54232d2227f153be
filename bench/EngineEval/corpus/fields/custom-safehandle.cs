// kind: fields
// A SafeHandle subclass of the program's own: ReleaseHandle closes the number it owns, once, which is
// what a SafeHandle is for. Open hands the checked descriptor to the handle (ownsHandle: true). The
// Size method only uses DangerousGetHandle's number. Clean: the constructor's IntPtr parameter only
// goes to SetHandle, which is where the raw number becomes owned (docs/rules.md, FDS0004: a constructor's
// parameter needs evidence from its own code or its field), so it is no raw boundary.
using System;
using System.Runtime.InteropServices;
using Mono.Unix.Native;

public sealed class FileDescriptorHandle : SafeHandle
{
    public FileDescriptorHandle(IntPtr fd, bool ownsHandle) : base(new IntPtr(-1), ownsHandle) => SetHandle(fd);

    public override bool IsInvalid => handle.ToInt64() < 0;

    protected override bool ReleaseHandle() => Syscall.close((int)handle) == 0;

    public static FileDescriptorHandle Open(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new InvalidOperationException("open " + path);
        return new FileDescriptorHandle((IntPtr)fd, ownsHandle: true);
    }

    public long Size()
    {
        return Syscall.fstat((int)DangerousGetHandle(), out Stat st) == 0 ? st.st_size : -1;
    }
}
