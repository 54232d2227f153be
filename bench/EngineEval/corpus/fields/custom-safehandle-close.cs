// kind: fields
// Like custom-safehandle, but a Detach helper closes the raw number from DangerousGetHandle while
// the handle still owns it; ReleaseHandle will close it again later: FDS0006 at the close. The
// constructor's IntPtr parameter only goes to SetHandle: no raw boundary (see custom-safehandle).
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

    public void Detach()
    {
        Syscall.close((int)DangerousGetHandle()); // expect: FDS0006
    }
}
