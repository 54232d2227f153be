// kind: bcl
// Fd.Open returns an OwnedFd that the method neither disposes nor hands on: it stays open until a
// finalizer happens to run (FDS0003 at Fd.Open).
using System;
using FdSafety;
using Mono.Unix.Native;

public static class Peek
{
    public static byte First(string path)
    {
        OwnedFd file = Fd.Open(path, OpenFlags.O_RDONLY); // expect: FDS0003
        var one = new byte[1];
        return Fd.Read(file, one) == 1 ? one[0] : (byte)0;
    }
}
