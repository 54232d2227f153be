// kind: catches
// Config.Load parses a number from the file. The catch handles FormatException from int.Parse and
// closes there, but the size check throws InvalidDataException, which that catch does not catch:
// the throw leaves the method with the descriptor open (FDS0003 at the open).
using System;
using System.IO;
using System.Text;
using Mono.Unix.Native;

public static class Config
{
    public static unsafe int Load(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC); // expect: FDS0003
        if (fd < 0) throw new FileNotFoundException(path);
        try
        {
            if (Syscall.fstat(fd, out Stat st) < 0 || st.st_size > 64)
                throw new InvalidDataException(path + " is not a small number file");
            var buffer = new byte[64];
            long n;
            fixed (byte* p = buffer) n = Syscall.read(fd, p, (ulong)buffer.Length);
            int value = int.Parse(Encoding.ASCII.GetString(buffer, 0, (int)Math.Max(n, 0)).Trim());
            Syscall.close(fd);
            return value;
        }
        catch (FormatException)
        {
            Syscall.close(fd);
            return 0;
        }
    }
}
