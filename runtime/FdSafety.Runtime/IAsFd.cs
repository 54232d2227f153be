namespace FdSafety;

/// <summary>
/// Something that can lend its descriptor for the current stack frame, like Rust's <c>AsFd</c>.
/// </summary>
public interface IAsFd
{
    /// <summary>
    /// Borrows the descriptor. The returned <see cref="BorrowedFd"/> must not outlive this object's
    /// ownership of the descriptor; the <c>ref struct</c> rules keep it on the stack.
    /// </summary>
    /// <returns>A borrowed view of the descriptor; the caller must not close it.</returns>
    BorrowedFd AsFd();
}
