using System.Runtime;

namespace OutreachBot.Bench.Pipeline;

/// <summary>JitFigures: methods the JIT compiled and the time it spent, process-wide, so a run can show how much of its CPU went to compiling rather than to messages.</summary>
/// <remarks>Tiered compilation re-compiles hot methods on a background thread (tier 0, then instrumented, then optimised) for
/// seconds after they first run; a window that opens before that settles measures the compiler as well as the service.</remarks>
public readonly record struct JitFigures(long Methods, TimeSpan Time)
{
    public static JitFigures Read() => new(JitInfo.GetCompiledMethodCount(currentThread: false), JitInfo.GetCompilationTime(currentThread: false));

    public static JitFigures operator -(JitFigures after, JitFigures before) => new(after.Methods - before.Methods, after.Time - before.Time);

    public override string ToString() => $"{Methods:N0} methods compiled in {Time.TotalSeconds:F2} s";
}
