namespace FdSafety.CodeFixes { internal static class Placeholder { } }
