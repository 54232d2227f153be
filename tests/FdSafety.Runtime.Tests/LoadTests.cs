using System;
using System.Diagnostics;
using System.Threading;
using Mono.Unix.Native;
using Xunit;
using Xunit.Abstractions;

namespace FdSafety.Runtime.Tests;

/// <summary>
/// Many owners opened and disposed on several threads at once, with other threads reading from them and
/// disposing them while they are in use. Nothing may be closed twice (a second close would hit another
/// thread's file: wrong bytes, EBADF, or an ownership violation), nothing may leak (census), and the only
/// exception a use may meet is ObjectDisposedException.
/// </summary>
public sealed class LoadTests : IDisposable
{
    private const int Threads = 8;
    private const int Cycles = 100_000;

    private readonly ITestOutputHelper _output;
    private readonly TempDir _dir = new();

    public LoadTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_read_and_dispose_racing_across_threads()
    {
        // Each thread reads its own file, whose every byte is the thread's number: a number closed twice and
        // re-used would show up as another thread's byte.
        var files = new string[Threads];
        for (int t = 0; t < Threads; t++)
        {
            files[t] = _dir.File("f" + t);
            System.IO.File.WriteAllBytes(files[t], System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Repeat((byte)t, 64)));
        }

        var slots = new OwnedFd?[Threads];
        int violations = 0;
        Action<OwnershipViolation> onViolation = _ => Interlocked.Increment(ref violations);
        long ownReads = 0, neighbourReads = 0, disposedSeen = 0, strayDisposes = 0;
        Exception? failure = null;

        OwnedFd.OwnershipViolated += onViolation;
        var clock = new Stopwatch();
        try
        {
            // Warm-up: what the .NET runtime loads on first use (Mono.Posix, the stack-trace code of a first
            // exception) stays mapped and would look like a leak.
            using (OwnedFd warm = Fd.Open(files[0], OpenFlags.O_RDONLY))
            {
                Fd.PRead(warm, new byte[16], 0);
                warm.Dispose();
                Assert.Throws<ObjectDisposedException>(() => Fd.PRead(warm, new byte[16], 0));
            }

            Census.Settle();
            var before = Census.Take();
            clock.Start();
            var workers = new Thread[Threads];
            for (int t = 0; t < Threads; t++)
            {
                int me = t;
                workers[t] = new Thread(() =>
                {
                    var buffer = new byte[16];
                    var random = new Random(me);
                    int neighbour = (me + 1) % Threads;
                    try
                    {
                        for (int i = 0; i < Cycles / Threads; i++)
                        {
                            OwnedFd fd = Fd.Open(files[me], OpenFlags.O_RDONLY);
                            Volatile.Write(ref slots[me], fd);
                            for (int r = 0; r < 3; r++)
                            {
                                try
                                {
                                    Expect(buffer, Fd.PRead(fd, buffer, 0), me);
                                    Interlocked.Increment(ref ownReads);
                                }
                                catch (ObjectDisposedException)
                                {
                                    // A neighbour's stray Dispose got there first.
                                    Interlocked.Increment(ref disposedSeen);
                                }
                            }

                            // A neighbour's owner, which its thread may be disposing right now.
                            OwnedFd? other = Volatile.Read(ref slots[neighbour]);
                            if (other is not null)
                            {
                                try
                                {
                                    Expect(buffer, Fd.PRead(other, buffer, 0), neighbour);
                                    Interlocked.Increment(ref neighbourReads);
                                }
                                catch (ObjectDisposedException)
                                {
                                    Interlocked.Increment(ref disposedSeen);
                                }

                                // Now and then a Dispose from outside races the owner's own.
                                if (random.Next(8) == 0)
                                {
                                    other.Dispose();
                                    Interlocked.Increment(ref strayDisposes);
                                }
                            }

                            fd.Dispose();
                            Assert.Throws<ObjectDisposedException>(() => Fd.PRead(fd, buffer, 0));
                        }
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                    }
                });
                workers[t].Start();
            }

            foreach (Thread worker in workers)
            {
                Assert.True(worker.Join(TimeSpan.FromSeconds(120)), "a worker hung");
            }

            clock.Stop();
            Census.Settle();
            Census.AssertSame(before, Census.Take(), "load");
        }
        finally
        {
            OwnedFd.OwnershipViolated -= onViolation;
        }

        _output.WriteLine($"{Cycles} open/read/dispose cycles on {Threads} threads in {clock.Elapsed.TotalMilliseconds:F0} ms: " +
            $"{ownReads} reads by the owner, {neighbourReads} reads of a neighbour's owner, {disposedSeen} met ObjectDisposedException, " +
            $"{strayDisposes} Disposes racing the owner's, {violations} ownership violations");
        Assert.True(failure is null, failure?.ToString());
        Assert.Equal(0, violations);
        Assert.True(ownReads > Cycles, "the owners' own reads mostly failed");
        Assert.True(neighbourReads > 0, "no read of another thread's owner happened: the race was not exercised");
    }

    private static void Expect(byte[] buffer, int count, int owner)
    {
        Assert.Equal(16, count);
        for (int i = 0; i < count; i++)
        {
            if (buffer[i] != owner)
            {
                Assert.Fail($"read byte {buffer[i]} from thread {owner}'s file: its number was closed and re-used");
            }
        }
    }
}
