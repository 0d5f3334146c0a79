using System.Collections.Concurrent;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryQueues: the in-memory lanes of every channel; producers' commit notifications (<see cref="IOutboxSignal"/>) land here.</summary>
/// <remarks>Notifying the same message twice is harmless; a message never notified is still found by the scan at start.</remarks>
public sealed class DeliveryQueues(DeliveryMetrics metrics) : IOutboxSignal
{
    private readonly ConcurrentDictionary<string, OutboxLanes> _lanes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>For returns the lanes of <paramref name="channel"/>, creating them on first use.</summary>
    public OutboxLanes For(string channel) => _lanes.GetOrAdd(channel, name => new OutboxLanes(name));

    public IEnumerable<OutboxLanes> All => _lanes.Values;

    /// <summary>Active: this instance delivers; while another does, notifications are dropped (that one reads them from the store).</summary>
    public bool Active { get; set; } = true;

    /// <inheritdoc />
    public void Notify(IReadOnlyList<OutboxMessage> committed)
    {
        if (!Active) return;
        foreach (var message in committed)
        {
            if (message.Status != OutboxStatus.Queued) continue;
            metrics.Queued(message);
            For(message.Channel).Add(message);
        }
    }

    /// <summary>Requeue puts back a message rescheduled by the engine itself (retry, throttle, recovery), not counted as new.</summary>
    /// <param name="laneDue">Where it stands in its lane, if not at its NextAttemptAt (a throttled message keeps its place).</param>
    public void Requeue(OutboxMessage message, DateTimeOffset? laneDue = null) => For(message.Channel).Add(message, laneDue);
}
