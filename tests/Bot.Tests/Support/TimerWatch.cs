using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>TimerWatch: a FakeTimeProvider that tells a test when code starts waiting on it, so the test advances time only then.</summary>
/// <remarks>
/// Task.Delay(span, time) and WaitAsync(span, time) create a timer with that due time; <see cref="NextAsync"/> waits for
/// one, and the returned <see cref="WatchedTimer"/> says whether it has fired. No real time is slept.
/// </remarks>
public sealed class TimerWatch(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentQueue<WatchedTimer> _created = new();
    private readonly SemaphoreSlim _signal = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var watched = new WatchedTimer(dueTime);
        var timer = base.CreateTimer(s => { watched.Fire(); callback(s); }, state, dueTime, period);
        _created.Enqueue(watched);
        _signal.Release();
        return timer;
    }

    /// <summary>NextAsync waits (10 s of real time at most) for the next timer created with <paramref name="dueTime"/>, skipping others.</summary>
    public async Task<WatchedTimer> NextAsync(TimeSpan dueTime)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            try { await _signal.WaitAsync(deadline.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"No timer of {dueTime} was created"); }
            if (_created.TryDequeue(out var timer) && timer.DueTime == dueTime) return timer;
        }
    }
}

/// <summary>WatchedTimer: one timer a <see cref="TimerWatch"/> saw created.</summary>
public sealed class WatchedTimer(TimeSpan dueTime)
{
    private volatile bool _fired;

    public TimeSpan DueTime { get; } = dueTime;

    /// <summary>Fired: its callback has run (the wait it serves is over).</summary>
    public bool Fired => _fired;

    internal void Fire() => _fired = true;
}
