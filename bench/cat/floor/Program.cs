// Starts the .NET runtime and exits 0: what any NativeAOT program pays before its Main does anything.
internal static class Program
{
    private static int Main() => 0;
}
