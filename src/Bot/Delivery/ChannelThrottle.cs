using OutreachBot.Flows.Text;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>ChannelThrottle: one channel sender's overall bucket plus a small bucket per recipient (Telegram's 1/s per chat).</summary>
/// <remarks>Not thread-safe: only its channel's dispatcher loop uses it.</remarks>
public sealed class ChannelThrottle
{
    private const int PruneAbove = 10_000;
    private readonly ChannelRateOptions _rates;
    private readonly TokenBucket _overall;
    private readonly Dictionary<string, TokenBucket> _perRecipient = new(StringComparer.Ordinal);
    private readonly DateTimeOffset? _emptySince;

    /// <param name="startEmpty">
    /// Start every bucket empty at <paramref name="now"/>, as if each recipient had just been sent to: for a dispatcher
    /// taking over from another instance, which may have used the provider's burst, or a chat's second, a moment ago.
    /// </param>
    public ChannelThrottle(ChannelRateOptions rates, DateTimeOffset now, bool startEmpty = false)
    {
        _rates = rates;
        _overall = new TokenBucket(rates.Rate, rates.Burst, now, startEmpty);
        if (startEmpty) _emptySince = now;
    }

    /// <summary>CostOf is the units a message spends: its SMS segments when the channel counts them, else 1.</summary>
    public int CostOf(OutboxMessage message) =>
        _rates.CountSmsSegments ? Math.Max(1, SmsSegments.Count(message.Text).Segments) : 1;

    /// <summary>TryAcquire spends the message's units when both buckets allow it; otherwise says how long, and whether only its recipient is the limit.</summary>
    public ThrottleDecision TryAcquire(OutboxMessage message, DateTimeOffset now)
    {
        var cost = CostOf(message);
        var wait = _overall.WaitFor(cost, now);
        if (wait > TimeSpan.Zero) return new ThrottleDecision(wait, RecipientOnly: false);

        TokenBucket? recipient = null;
        if (_rates.PerRecipientRate > 0)
        {
            if (!_perRecipient.TryGetValue(message.Urn, out recipient))
            {
                if (_perRecipient.Count >= PruneAbove) Prune(now);
                // Refilled from the start when that was empty, so a chat first seen a second or more later goes at once.
                recipient = _emptySince is { } since
                    ? new TokenBucket(_rates.PerRecipientRate, 1, since, startEmpty: true)
                    : new TokenBucket(_rates.PerRecipientRate, 1, now);
                _perRecipient[message.Urn] = recipient;
            }
            var recipientWait = recipient.WaitFor(1, now);
            if (recipientWait > TimeSpan.Zero) return new ThrottleDecision(recipientWait, RecipientOnly: true);
        }

        _overall.Take(cost, now);
        recipient?.Take(1, now);
        return new ThrottleDecision(TimeSpan.Zero, RecipientOnly: false);
    }

    /// <summary>Pause holds the whole sender until <paramref name="until"/>: the provider throttled us, so every message waits.</summary>
    public void Pause(DateTimeOffset until) => _overall.PauseUntil(until);

    /// <summary>Prune forgets recipients whose bucket refilled, so the map stays small.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (urn, bucket) in _perRecipient.ToList())
            if (bucket.IsFull(now)) _perRecipient.Remove(urn);
    }
}

/// <summary>ThrottleDecision: zero wait means go; otherwise wait, for the recipient only or for the whole sender.</summary>
public readonly record struct ThrottleDecision(TimeSpan Wait, bool RecipientOnly)
{
    public bool Allowed => Wait == TimeSpan.Zero;
}
