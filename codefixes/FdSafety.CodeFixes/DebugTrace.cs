namespace FdSafety.CodeFixes { internal static class DebugTrace { public static System.Action<string>? Log; } }
