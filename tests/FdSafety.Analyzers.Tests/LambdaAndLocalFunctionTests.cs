using System.Threading.Tasks;
using Xunit;

namespace FdSafety.Analyzers.Tests
{
    /// <summary>
    /// Lambdas and local functions, by what they do with the variables they capture: one that only reads a
    /// descriptor does not take it over; calling a local function that closes it closes it; a static local
    /// function is summarized like a method; a lambda parameter named like an outer descriptor is another
    /// variable. Every analyzer runs; each defect has its clean look-alike.
    /// </summary>
    [Trait("Rule", "FDS0003")]
    public class LambdaAndLocalFunctionTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Mono.Unix.Native;\n";

        [Fact]
        public Task ALambdaThatOnlyReadsDoesNotTakeTheDescriptorOver() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Leaks(string p, Action<Func<long>> sink)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        sink(() => Syscall.lseek(fd, 0, SeekFlags.SEEK_CUR));
    }

    static void Closed(string p, Action<Func<long>> sink)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        sink(() => Syscall.lseek(fd, 0, SeekFlags.SEEK_CUR));
        Console.WriteLine($"{fd}");
        Syscall.close(fd);
    }

    static void HandedOn(string p, Action<Action> sink)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        sink(() => Syscall.close(fd));
    }

    static void KeptByTheLambda(string p, Action<Action> sink, List<int> kept)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        sink(() => kept.Add(fd));
    }
}
""");

        [Fact]
        public Task CallingALocalFunctionThatClosesCloses() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Twice(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        void Shut() => Syscall.close(fd);
        Shut();
        {|FDS0001:Syscall.close(fd)|};
    }

    static void UsedAfter(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        void Sync() => Syscall.fsync(fd);
        Syscall.close(fd);
        {|FDS0002:Sync()|};
    }

    static void Once(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        void Sync() => Syscall.fsync(fd);
        void Shut() => Syscall.close(fd);
        Sync();
        Shut();
    }

    static void ClosesOnSomePaths(string p, bool quick)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        void MaybeShut() { if (quick) Syscall.close(fd); }
        MaybeShut();
        if (!quick) Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AStaticLocalFunctionIsSummarizedLikeAMethod() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void ClosedByIt(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        static void Shut(int d) => Syscall.close(d);
        Shut(fd);
        {|FDS0002:Syscall.fsync(fd)|};
    }

    static void OnlyUsedByIt(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        static void Sync(int d) => Syscall.fsync(d);
        Sync(fd);
    }

    static void UsedThenClosed(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        static void Sync(int d) => Syscall.fsync(d);
        Sync(fd);
        Syscall.close(fd);
    }

    static void Recursive(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        static void Down(int d, int n) { if (n == 0) Syscall.close(d); else Down(d, n - 1); }
        Down(fd, 3);
    }
}
""");

        [Fact]
        public Task ALambdaParameterNamedLikeTheDescriptorIsAnotherVariable() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void Leaks(string p, List<int> numbers)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        numbers.ForEach(fd => Console.WriteLine(fd));
    }

    static void Closed(string p, List<int> numbers)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        numbers.ForEach(fd => Console.WriteLine(fd));
        Syscall.close(fd);
    }
}
""");

        [Fact]
        public Task AGenericLocalFunctionIsSummarizedLikeAnyOther() => AllAnalyzers.VerifyAsync(Usings + """
static class C
{
    static void M(string p)
    {
        int fd = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fd < 0) return;
        Finish<string>(fd, p);
        {|FDS0002:Syscall.fsync(fd)|};

        static void Finish<T>(int d, T tag) { Syscall.close(d); }
    }
}
""");
    }
}
