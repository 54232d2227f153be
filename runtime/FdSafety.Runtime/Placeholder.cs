namespace FdSafety { internal static class Placeholder { } }
