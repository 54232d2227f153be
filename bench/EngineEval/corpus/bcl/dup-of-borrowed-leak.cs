// kind: bcl
// Clone duplicates the descriptor of a FileStream's handle with dup (no close-on-exec: FDS0007) to
// keep it past the stream's life, but the error branch returns without closing the copy (FDS0003 at
// the dup). The copy is this code's own descriptor; the stream's original is not.
using System;
using System.IO;
using Mono.Unix.Native;

public static class Clone
{
    public static int Position(FileStream stream) // expect: FDS0004
    {
        int copy = Syscall.dup((int)stream.SafeFileHandle.DangerousGetHandle()); // expect: FDS0003 FDS0007
        if (copy < 0) return -1;
        if (Syscall.lseek(copy, 0, SeekFlags.SEEK_CUR) < 0) return -1;
        return copy;
    }
}
