namespace OutreachBot.Bot.Delivery;

/// <summary>TokenBucket: a token bucket refilled from the instants it is given, so a FakeTimeProvider drives it in tests.</summary>
/// <remarks>
/// System.Threading.RateLimiting's TokenBucketRateLimiter replenishes from its own timer and Stopwatch, which a
/// FakeTimeProvider cannot move, and it has no way to pause the bucket until a provider's retry-after. This bucket
/// is filled lazily from the TimeProvider's instants instead, can be paused, and lets one message cost more than the
/// burst (a long SMS): it may take as soon as the balance reaches the burst and goes into debt. Not thread-safe; its
/// dispatcher owns it.
/// </remarks>
public sealed class TokenBucket
{
    private readonly double _rate;
    private readonly double _capacity;
    private double _tokens;
    private DateTimeOffset _last;
    private DateTimeOffset _pausedUntil;
    private bool _resumeCredit;

    /// <param name="startEmpty">Start with no tokens, refilling from <paramref name="now"/>, instead of a full burst.</param>
    public TokenBucket(double ratePerSecond, double capacity, DateTimeOffset now, bool startEmpty = false)
    {
        _rate = ratePerSecond;
        _capacity = capacity;
        _tokens = startEmpty ? 0 : capacity;
        _last = now;
        _pausedUntil = DateTimeOffset.MinValue;
    }

    /// <summary>WaitFor returns how long until <paramref name="units"/> may be taken; zero when they may be taken now.</summary>
    public TimeSpan WaitFor(double units, DateTimeOffset now)
    {
        Refill(now);
        if (now < _pausedUntil) return _pausedUntil - now;
        var needed = Math.Min(units, _capacity);
        if (_tokens >= needed - 1e-9) return TimeSpan.Zero;
        return TimeSpan.FromTicks((long)Math.Ceiling((needed - _tokens) / _rate * TimeSpan.TicksPerSecond));
    }

    /// <summary>Take spends <paramref name="units"/>; call it only after <see cref="WaitFor"/> returned zero.</summary>
    public void Take(double units, DateTimeOffset now)
    {
        Refill(now);
        _tokens -= units;
    }

    /// <summary>PauseUntil empties the bucket and stops refilling until <paramref name="until"/> (a provider's retry-after).</summary>
    /// <remarks>When the pause ends one message may go at once: the provider said it may be retried then, not a refill later.</remarks>
    public void PauseUntil(DateTimeOffset until)
    {
        if (until > _pausedUntil) _pausedUntil = until;
        _tokens = Math.Min(_tokens, 0);
        _resumeCredit = true;
    }

    /// <summary>IsFull tells whether the bucket has been idle long enough to be forgotten.</summary>
    public bool IsFull(DateTimeOffset now)
    {
        Refill(now);
        return _tokens >= _capacity && now >= _pausedUntil;
    }

    private void Refill(DateTimeOffset now)
    {
        var from = _last > _pausedUntil ? _last : _pausedUntil;
        if (now > from) _tokens = Math.Min(_capacity, _tokens + (now - from).TotalSeconds * _rate);
        if (now > _last) _last = now;
        if (_resumeCredit && now >= _pausedUntil)
        {
            _tokens = Math.Max(_tokens, Math.Min(1, _capacity));
            _resumeCredit = false;
        }
    }
}
