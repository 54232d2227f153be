// kind: everyday
// Follow reads a log and, when it was truncated (size smaller than the offset), closes and reopens
// it inside the loop; a failed reopen ends the loop with nothing open. After the loop the current
// descriptor is closed only when valid. Clean.
using System;
using Mono.Unix.Native;

public static class Follow
{
    public static long Lines(string path, int polls)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        long offset = 0;
        for (int i = 0; i < polls; i++)
        {
            if (Syscall.fstat(fd, out Stat st) < 0) break;
            if (st.st_size < offset)
            {
                Syscall.close(fd);
                fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                if (fd < 0) break;
                offset = 0;
            }
            offset = st.st_size;
        }
        if (fd >= 0) Syscall.close(fd);
        return offset;
    }
}
