using System.Diagnostics;

namespace OutreachBot.Storage;

/// <summary>StoragePhase: what the storage thread was doing.</summary>
public enum StoragePhase { Reads, Writes, Commit, Fsync }

/// <summary>StorageThreadTimes: the storage thread's busy time per phase since it started.</summary>
public sealed record StorageThreadTimes(TimeSpan Reads, TimeSpan Writes, TimeSpan Commit, TimeSpan Fsync)
{
    public TimeSpan Busy => Reads + Writes + Commit + Fsync;

    public static StorageThreadTimes operator -(StorageThreadTimes a, StorageThreadTimes b) =>
        new(a.Reads - b.Reads, a.Writes - b.Writes, a.Commit - b.Commit, a.Fsync - b.Fsync);

    public override string ToString() =>
        $"reads {Reads.TotalSeconds:F2} s, writes {Writes.TotalSeconds:F2} s, commit {Commit.TotalSeconds:F2} s, fsync {Fsync.TotalSeconds:F2} s";
}

/// <summary>StorageThreadClock adds up the storage thread's time per phase; written by that thread only, read by anyone.</summary>
internal sealed class StorageThreadClock
{
    private readonly long[] _ticks = new long[4];

    public long Start() => Stopwatch.GetTimestamp();

    /// <summary>Lap adds the time since <paramref name="started"/> to <paramref name="phase"/> and returns now.</summary>
    public long Lap(long started, StoragePhase phase)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)phase], now - started);
        return now;
    }

    public StorageThreadTimes Snapshot()
    {
        TimeSpan Of(StoragePhase p) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)p]));
        return new(Of(StoragePhase.Reads), Of(StoragePhase.Writes), Of(StoragePhase.Commit), Of(StoragePhase.Fsync));
    }
}
