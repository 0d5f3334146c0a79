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

    /// <summary>ArrivalJitter: how much closer together calls may reach the provider than they left here, which the burst keeps in hand.</summary>
    /// <remarks>
    /// The provider counts arrivals. A first call opening a connection, or a loaded machine, delays some calls more than
    /// the next ones, and a full burst followed by calls on schedule then arrives over the provider's limit (seen: 20
    /// calls within 365 ms against a burst of 15 plus 10/s). A quarter of a second of burst is given up for that; the
    /// steady rate is unchanged.
    /// </remarks>
    public static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(250);

    /// <param name="arrivalJitter">The burst kept in hand for calls arriving closer than they left (see <see cref="ArrivalJitter"/>).</param>
    public SendGate(ChannelRateOptions rates, TimeSpan arrivalJitter = default)
    {
        _rate = rates.Rate;
        _tolerance = TimeSpan.FromSeconds(Math.Max(0, Math.Max(0, rates.Burst - 1) / rates.Rate - arrivalJitter.TotalSeconds));
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
