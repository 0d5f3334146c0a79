namespace OutreachBot.Bot.Delivery;

/// <summary>RecipientSpacing: keeps the provider calls to one recipient at least 1/rate apart, measured when each call starts.</summary>
/// <remarks>
/// The per-recipient bucket decides when a message is picked, but a claim's commit time varies, so two messages to
/// one chat picked a second apart could still reach the provider closer together (Telegram then answers 429 for the
/// chat, and the whole sender pauses). Reserving the call's start time here removes that jitter; a 5 % margin covers
/// the provider handling two calls a few milliseconds closer than they left. Thread-safe.
/// </remarks>
public sealed class RecipientSpacing(double perSecond)
{
    private const double Margin = 1.05;
    private readonly TimeSpan _gap = perSecond > 0 ? TimeSpan.FromSeconds(Margin / perSecond) : TimeSpan.Zero;
    private readonly Dictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool Enabled => _gap > TimeSpan.Zero;

    /// <summary>Reserve books the recipient's next call slot and returns how long to wait for it (zero: call now).</summary>
    /// <remarks>A booked call may still wait for the sender's bucket; <see cref="Started"/> then moves the recipient's next slot to a gap after the call really left.</remarks>
    public TimeSpan Reserve(string urn, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_next.Count > 10_000)
                foreach (var (key, at) in _next.ToList())
                    if (at <= now) _next.Remove(key);
            var slot = _next.TryGetValue(urn, out var next) && next > now ? next : now;
            _next[urn] = slot + _gap;
            return slot - now;
        }
    }

    /// <summary>Started records that a call to the recipient left at <paramref name="at"/>: its next call waits a whole gap from then.</summary>
    /// <remarks>
    /// A call held back by the sender's bucket after its slot here leaves late; without this the recipient's next call,
    /// booked from the slot, would follow it by less than the gap (seen: 820 ms at 1/s right after a hand-over).
    /// </remarks>
    public void Started(string urn, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_next.TryGetValue(urn, out var next) || next < at + _gap) _next[urn] = at + _gap;
            _lastStart[urn] = at;
            if (_lastStart.Count > 10_000)
                foreach (var (key, started) in _lastStart.ToList())
                    if (started + _gap <= at) _lastStart.Remove(key);
        }
    }

    /// <summary>AfterLastStart: how much longer a call whose slot has come must wait because the recipient's previous call left late (zero: none).</summary>
    public TimeSpan AfterLastStart(string urn, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _lastStart.TryGetValue(urn, out var started) && started + _gap > now ? started + _gap - now : TimeSpan.Zero;
        }
    }

    private readonly Dictionary<string, DateTimeOffset> _lastStart = new(StringComparer.Ordinal);
}
