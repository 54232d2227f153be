using System.Threading.Tasks;
using Xunit;
using Verify = FdSafety.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    FdSafety.Analyzers.Rules.LeakAnalyzer, FdSafety.CodeFixes.AddOwnerFix>;

namespace FdSafety.CodeFixes.Tests
{
    [Trait("Rule", "FDS0003")]
    public class AddOwnerFixTests
    {
        [Fact]
        public Task EarlyReturnGetsTheReleaseAndTheLastCloseBecomesTheScopeEnd() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;

class C
{
    static int M(string p, bool quit)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0)
        {
            Console.Error.WriteLine(""cannot open "" + p + "" ("" + fd + "")"");
            return -1;
        }
        if (quit) return 0;
        if (Syscall.fsync(fd) < 0) return 2;
        Syscall.close(fd);
    }
}".Replace("        Syscall.close(fd);\n    }", "        Syscall.close(fd);\n        return 1;\n    }"), @"
using System;
using FdSafety;
using Mono.Unix.Native;

class C
{
    static int M(string p, bool quit)
    {
        int fdRaw = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fdRaw < 0)
        {
            Console.Error.WriteLine(""cannot open "" + p + "" ("" + fdRaw + "")"");
            return -1;
        }
        using (OwnedFd fd = OwnedFd.FromRawFd(fdRaw))
        {
            if (quit) return 0;
            if (Syscall.fsync(fd.AsRawFd()) < 0) return 2;
        }
        return 1;
    }
}");

        [Fact]
        public Task CloseAtTheEndOfTheBlockBecomesAUsingDeclaration() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;

class C
{
    static void M(string p)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd == -1) throw new InvalidOperationException(p);
        if (p.Length > 10) throw new ArgumentException(""too long"");
        Syscall.fsync(fd);
        Syscall.close(fd);
    }
}", @"
using System;
using FdSafety;
using Mono.Unix.Native;

class C
{
    static void M(string p)
    {
        int fdRaw = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        if (fdRaw == -1) throw new InvalidOperationException(p);
        using OwnedFd fd = OwnedFd.FromRawFd(fdRaw);
        if (p.Length > 10) throw new ArgumentException(""too long"");
        Syscall.fsync(fd.AsRawFd());
    }
}");

        [Fact]
        public Task LoopThatContinuesOnErrorsClosesAtTheSamePoint() => Verify.VerifyAsync(@"
using System;
using Mono.Unix.Native;

class C
{
    static unsafe int M(string[] paths, byte* buf)
    {
        int status = 0;
        foreach (var p in paths)
        {
            int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
            if (fd < 0)
            {
                status = 1;
                continue;
            }
            long n = Syscall.read(fd, buf, 4096);
            if (n < 0)
            {
                status = 2;
                continue;
            }
            if (n == 0)
            {
                Syscall.close(fd);
                break;
            }
            Syscall.close(fd);
            Console.WriteLine(p);
        }
        return status;
    }
}", @"
using System;
using FdSafety;
using Mono.Unix.Native;

class C
{
    static unsafe int M(string[] paths, byte* buf)
    {
        int status = 0;
        foreach (var p in paths)
        {
            int fdRaw = Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fdRaw < 0)
            {
                status = 1;
                continue;
            }
            using (OwnedFd fd = OwnedFd.FromRawFd(fdRaw))
            {
                long n = Syscall.read(fd.AsRawFd(), buf, 4096);
                if (n < 0)
                {
                    status = 2;
                    continue;
                }
                if (n == 0)
                {
                    break;
                }
            }
            Console.WriteLine(p);
        }
        return status;
    }
}");

        [Fact]
        public Task NoFixWithoutAFailureCheckOrWhenTheDescriptorIsHandedOn() => Verify.VerifyNoFixAsync(@"
using Mono.Unix.Native;

class C
{
    static int s_kept;

    static void Unchecked(string p, bool b)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (b) return;
        Syscall.close(fd);
    }

    static int Returned(string p, bool b)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return -1;
        if (b) return -2;
        return fd;
    }

    static void ClosedOnOneBranch(string p, bool b)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        if (b) Syscall.close(fd);
    }

    static int CheckedClose(string p, bool b)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return -1;
        if (b) return 1;
        if (Syscall.close(fd) < 0) return 2;
        return 0;
    }

    static void Stored(string p, bool b)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        if (b) return;
        s_kept = fd;
    }
}");

        [Fact]
        public Task NoFixWhenACalleeClosesIt() => Verify.VerifyNoFixAsync(@"
using Mono.Unix.Native;

class C
{
    static void Finish(int fd)
    {
        Syscall.fsync(fd);
        Syscall.close(fd);
    }

    static void M(string p, bool b)
    {
        int fd = {|FDS0003:Syscall.open(p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC)|};
        if (fd < 0) return;
        if (b) return;
        Finish(fd);
    }
}");
    }
}
