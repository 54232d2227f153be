// kind: bcl
// A clone of an OwnedFd (TryClone) is handed to a background reader task, which disposes it; the
// original is disposed by its using. Clean.
using System;
using System.Threading.Tasks;
using FdSafety;
using Mono.Unix.Native;

public static class Share
{
    public static Task<int> ReadInBackground(string path)
    {
        using OwnedFd file = Fd.Open(path, OpenFlags.O_RDONLY);
        OwnedFd clone = file.TryClone();
        return Task.Run(() =>
        {
            using (clone)
            {
                var buffer = new byte[512];
                return Fd.Read(clone, buffer);
            }
        });
    }
}
