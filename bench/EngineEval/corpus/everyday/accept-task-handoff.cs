// kind: everyday
// Each accepted client is handed to a Task.Run lambda that serves and closes it; the accept loop
// does not close clients itself. The listener is closed at the end. Clean.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Mono.Unix.Native;

public static class Pool
{
    public static void Serve(string path, int clients)
    {
        int listener = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, UnixSocketProtocol.IPPROTO_IP);
        if (listener < 0) return;
        var tasks = new List<Task>();
        if (Syscall.bind(listener, new SockaddrUn(path)) == 0 && Syscall.listen(listener, 16) == 0)
        {
            for (int i = 0; i < clients; i++)
            {
                int client = Syscall.accept4(listener, new SockaddrUn(), UnixSocketFlags.SOCK_CLOEXEC);
                if (client < 0) break;
                tasks.Add(Task.Run(() =>
                {
                    Syscall.shutdown(client, ShutdownOption.SHUT_WR);
                    Syscall.close(client);
                }));
            }
        }
        Task.WaitAll(tasks.ToArray());
        Syscall.close(listener);
    }
}
