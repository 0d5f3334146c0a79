using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Delivery;

/// <summary>BulkOutbox: how producers of bulk work (broadcasts, reminders) add messages, paced by the backlog limit, and read progress.</summary>
public sealed class BulkOutbox(DeliveryQueues queues, IOutboxStore outbox, DeliveryEngineParts parts)
{
    /// <summary>WaitForBulkCapacityAsync completes once the channel's bulk backlog is under the configured limit.</summary>
    public Task WaitForBulkCapacityAsync(string channel, CancellationToken cancellationToken) =>
        queues.For(channel).WaitForBulkBelowAsync(parts.Options.BulkBacklogLimit, cancellationToken);

    /// <summary>EnqueueBulkAsync waits for capacity on each channel, then inserts the messages in one write and queues them.</summary>
    /// <remarks>Producers should pass modest batches (hundreds): the limit is checked before the batch, not per message.</remarks>
    public async Task<IReadOnlyList<OutboxMessage>> EnqueueBulkAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var channel in messages.Select(m => m.Channel).Distinct(StringComparer.OrdinalIgnoreCase))
            await WaitForBulkCapacityAsync(channel, cancellationToken).ConfigureAwait(false);
        var now = parts.Time.GetUtcNow();
        foreach (var message in messages)
        {
            message.Id = 0;
            message.Priority = OutboxPriority.Bulk;
            message.Status = OutboxStatus.Queued;
            if (message.CreatedAt == default) message.CreatedAt = now;
            if (message.NextAttemptAt == default) message.NextAttemptAt = now;
        }
        await outbox.WriteAsync(changes =>
        {
            foreach (var message in messages) changes.Insert(message);
            return messages.Count;
        }).ConfigureAwait(false);
        queues.Notify(messages);
        return messages;
    }

    /// <summary>CountsAsync returns how many messages of a group are in each status, for progress views.</summary>
    public Task<Dictionary<OutboxStatus, int>> CountsAsync(string groupId) =>
        outbox.CountByStatusAsync(groupId);
}
