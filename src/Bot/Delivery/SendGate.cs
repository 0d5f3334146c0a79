namespace OutreachBot.Bot.Delivery;

/// <summary>SendGate: the sender's rate enforced once more when each provider call starts (generic cell rate algorithm).</summary>
/// <remarks>
/// The bucket in <see cref="ChannelThrottle"/> spends tokens when a batch is picked, before its claim commits. A slow
/// commit (a cold start, a big insert queued ahead) then lets calls bunch up: tokens earned while waiting get spent at
/// once, while the provider's bucket, already full, earned nothing; the result is a 429 and a paused sender. This gate
/// books each call's start on a schedule of <c>cost / rate</c> with the same burst, so what reaches the provider keeps
/// the rate whatever the commit time. Thread-safe.
/// </remarks>
public sealed class SendGate
{
    private readonly double _rate;
    private readonly TimeSpan _tolerance;
    private readonly Lock _lock = new();
    private DateTimeOffset _theoretical = DateTimeOffset.MinValue;

    public SendGate(ChannelRateOptions rates)
    {
        _rate = rates.Rate;
        _tolerance = TimeSpan.FromSeconds(Math.Max(0, rates.Burst - 1) / rates.Rate);
    }

    /// <summary>Reserve books a call of <paramref name="cost"/> units and returns how long to wait before making it.</summary>
    public TimeSpan Reserve(int cost, DateTimeOffset now)
    {
        lock (_lock)
        {
            var theoretical = _theoretical > now ? _theoretical : now;
            var allowedAt = theoretical - _tolerance;
            _theoretical = theoretical + TimeSpan.FromSeconds(cost / _rate);
            return allowedAt > now ? allowedAt - now : TimeSpan.Zero;
        }
    }

    /// <summary>Backlog is how long a call booked now would wait: calls already claimed and waiting for their slot.</summary>
    public TimeSpan Backlog(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_theoretical <= now) return TimeSpan.Zero;
            var allowedAt = _theoretical - _tolerance;
            return allowedAt > now ? allowedAt - now : TimeSpan.Zero;
        }
    }

    /// <summary>PauseUntil holds every call not yet started until <paramref name="until"/> (the provider's retry-after).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            // Calls booked from then on are spaced from the pause's end, with no burst.
            var resume = until + _tolerance;
            if (resume > _theoretical) _theoretical = resume;
        }
    }
}
