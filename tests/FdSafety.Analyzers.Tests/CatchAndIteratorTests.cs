using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Exceptions reach only the catches that can catch them (by type; a `when` filter may be false), a
    /// catch starts from the states at the points in its try that can throw, and an iterator's consumer
    /// may stop at any `yield return`. Every analyzer runs; each defect has a clean look-alike.
    /// </summary>
    [Trait("Rule", "FDS0003")]
    public class CatchAndIteratorTests
    {
        private const string Usings = "using System;\nusing System.IO;\nusing System.Collections.Generic;\nusing Mono.Unix.Native;\n";

        [Fact]
        public Task ACatchOfAnotherTypeDoesNotHandleTheThrow() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return -1;
        try
        {
            if (p.Length > 3) throw new IOException(p);
        }
        catch (InvalidOperationException)
        {
            Syscall.close(fd);
            return 1;
        }
        Syscall.close(fd);
        return 0;
    }
}
""");

        [Fact]
        public Task ACatchOfTheTypeOrABaseTypeHandlesTheThrow() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            if (p.Length > 3) throw new FileNotFoundException(p);
            if (p.Length > 4) throw new InvalidOperationException(p);
        }
        catch (IOException)
        {
            Syscall.close(fd);
            return 1;
        }
        catch (Exception)
        {
            Syscall.close(fd);
            return 2;
        }
        Syscall.close(fd);
        return 0;
    }
}
""");

        [Fact]
        public Task AFilterMayBeFalse() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static int M(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return -1;
        try
        {
            if (p.Length > 3) throw new IOException(p);
        }
        catch (IOException e) when (e.HResult == 5)
        {
            Syscall.close(fd);
            return 1;
        }
        Syscall.close(fd);
        return 0;
    }

    static int Covered(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            if (p.Length > 3) throw new IOException(p);
        }
        catch (IOException e) when (e.HResult == 5)
        {
            Syscall.close(fd);
            return 1;
        }
        catch (IOException)
        {
            Syscall.close(fd);
            return 2;
        }
        Syscall.close(fd);
        return 0;
    }
}
""");

        [Fact]
        public Task ACatchSeesTheStateWhereTheTryCanThrow() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Log(string s) => Console.WriteLine(s);

    static int Opened(string p)
    {
        int fd = -1;
        try
        {
            fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
            if (fd < 0) return -1;
            Log("opened");
            Syscall.close(fd);
        }
        catch (IOException)
        {
            return 1;
        }
        return 0;
    }

    static int ClosedInCatch(string p)
    {
        int fd = -1;
        try
        {
            fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) return -1;
            Log("opened");
            Syscall.close(fd);
        }
        catch (IOException)
        {
            if (fd >= 0) Syscall.close(fd);
            return 1;
        }
        return 0;
    }

    static int NothingThrowsAfterTheClose(string p)
    {
        try
        {
            Log("start");
            int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) return -1;
            Syscall.close(fd);
        }
        catch (IOException)
        {
            return 1;
        }
        return 0;
    }
}
""");

        [Fact]
        public Task ThrowOutOfACatchLeaves() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Rethrown(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        try
        {
            if (p.Length > 3) throw new IOException(p);
        }
        catch (IOException)
        {
            throw;
        }
        Syscall.close(fd);
    }

    static void Finally(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        try
        {
            try
            {
                if (p.Length > 3) throw new IOException(p);
            }
            catch (InvalidOperationException)
            {
                return;
            }
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
""");

        [Fact]
        public Task AnIteratorMayBeAbandonedAtAYieldReturn() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static IEnumerable<int> Leaky(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) yield break;
        yield return 1;
        Syscall.close(fd);
    }

    static IEnumerable<int> ClosedByFinally(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) yield break;
        try
        {
            yield return 1;
            yield return 2;
        }
        finally
        {
            Syscall.close(fd);
        }
    }

    static IEnumerable<int> ClosedBeforeYielding(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) yield break;
        Syscall.close(fd);
        yield return 1;
    }

    static IEnumerable<int> YieldsTheDescriptor(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) yield break;
        yield return fd;
    }
}
""");
    }
}
