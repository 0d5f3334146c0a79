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
}
