using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioStatusUpdater moves an outbox record along Twilio's status callbacks, never backwards.</summary>
/// <remarks>
/// Twilio may send callbacks late, twice or out of order (a "sent" after "delivered"). Progress only goes
/// Sent → Delivered → Read; Undelivered and Failed are final and only follow a message not yet delivered.
/// </remarks>
public sealed class TwilioStatusUpdater(StorageWriter storage, ILogger<TwilioStatusUpdater> logger)
{
    /// <summary>StatusOf maps Twilio's MessageStatus to ours; null for statuses we do not track (accepted, scheduled, canceled…).</summary>
    public static OutboxStatus? StatusOf(string? messageStatus) => messageStatus?.ToLowerInvariant() switch
    {
        "queued" => OutboxStatus.Queued,
        "sending" => OutboxStatus.Sending,
        "sent" => OutboxStatus.Sent,
        "delivered" => OutboxStatus.Delivered,
        "read" => OutboxStatus.Read,
        "undelivered" => OutboxStatus.Undelivered,
        "failed" => OutboxStatus.Failed,
        _ => null,
    };

    /// <summary>Moves: whether a record in <paramref name="current"/> may move to <paramref name="next"/>.</summary>
    public static bool Moves(OutboxStatus current, OutboxStatus next)
    {
        if (current is OutboxStatus.Undelivered or OutboxStatus.Failed) return false;
        if (next is OutboxStatus.Undelivered or OutboxStatus.Failed) return current <= OutboxStatus.Sent;
        return next > current;
    }

    /// <summary>ApplyAsync records one callback; returns whether the record moved.</summary>
    public async Task<bool> ApplyAsync(string messageSid, OutboxStatus next, string? errorCode)
    {
        var (found, moved, from) = await storage.WriteAsync(store =>
        {
            var message = store.Outbox.FindOne(m => m.ProviderId == messageSid);
            if (message is null) return (false, false, OutboxStatus.Queued);
            var previous = message.Status;
            if (!Moves(previous, next)) return (true, false, previous);
            message.Status = next;
            if (!string.IsNullOrEmpty(errorCode))
            {
                message.ErrorCode = errorCode;
                message.Error = "twilio status " + next.ToString().ToLowerInvariant();
            }
            store.Outbox.Update(message);
            return (true, true, previous);
        }).ConfigureAwait(false);

        if (!found)
            logger.LogWarning("Twilio status {Status} for unknown message {MessageSid}", next, messageSid);
        else if (!moved)
            logger.LogDebug("Twilio status {Status} for {MessageSid} ignored: already {Current}", next, messageSid, from);
        return moved;
    }
}
