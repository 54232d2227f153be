// kind: catches
// Look-alike of unrelated-catch-type: the size check throws FormatException, which the catch
// handles by closing; every path closes once. Clean.
using System;
using System.IO;
using System.Text;
using Mono.Unix.Native;

public static class Config
{
    public static unsafe int Load(string path)
    {
        int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) throw new FileNotFoundException(path);
        try
        {
            if (Syscall.fstat(fd, out Stat st) < 0 || st.st_size > 64)
                throw new FormatException(path + " is not a small number file");
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
