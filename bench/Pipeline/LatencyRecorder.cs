using System.Collections.Concurrent;
using System.Diagnostics;

namespace OutreachBot.Bench.Pipeline;

/// <summary>LatencyRecorder collects per-message latencies and samples peak memory while a run goes on.</summary>
public sealed class LatencyRecorder : IDisposable
{
    private readonly ConcurrentBag<double> _millis = [];
    private readonly Timer _sampler;
    private long _peakBytes;

    public LatencyRecorder() => _sampler = new Timer(_ => Sample(), null, 0, 50);

    /// <summary>Time runs <paramref name="work"/> and records how long it took.</summary>
    public async Task Time(Func<Task> work)
    {
        var start = Stopwatch.GetTimestamp();
        await work();
        _millis.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private void Sample()
    {
        using var self = Process.GetCurrentProcess();
        var ws = self.WorkingSet64;
        long seen;
        while (ws > (seen = Interlocked.Read(ref _peakBytes)) && Interlocked.CompareExchange(ref _peakBytes, ws, seen) != seen) { }
    }

    /// <summary>Report prints count, rate, p50/p99 latency and peak working set.</summary>
    public void Report(string label, TimeSpan elapsed)
    {
        Sample();
        var sorted = _millis.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"{label}: {sorted.Length} messages in {elapsed.TotalSeconds:F2} s = {sorted.Length / elapsed.TotalSeconds:F0} msg/s; " +
                          $"latency p50 {P(0.50):F2} ms, p99 {P(0.99):F2} ms, max {P(1.0):F2} ms; peak working set {Interlocked.Read(ref _peakBytes) / 1048576.0:F0} MiB");
    }

    public void Dispose() => _sampler.Dispose();
}
