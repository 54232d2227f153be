using System;

namespace FdSafety;

/// <summary>The <c>flags</c> of splice(2): Linux's <c>SPLICE_F_*</c> values.</summary>
[Flags]
public enum SpliceFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><c>SPLICE_F_MOVE</c>: a hint to move pages instead of copying (a no-op since Linux 2.6.21).</summary>
    Move = 1,

    /// <summary><c>SPLICE_F_NONBLOCK</c>: do not block on the pipe (the other descriptor may still block).</summary>
    NonBlock = 2,

    /// <summary><c>SPLICE_F_MORE</c>: more data follows (a hint for sockets, like <c>MSG_MORE</c>).</summary>
    More = 4,

    /// <summary><c>SPLICE_F_GIFT</c>: meaningful only for vmsplice(2).</summary>
    Gift = 8,
}
