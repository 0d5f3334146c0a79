using OutreachBot.Bot.Pipeline;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioStatusUpdater moves an outbox record along Twilio's status callbacks, never backwards.</summary>
/// <remarks>
/// Twilio may send callbacks late, twice or out of order (a "sent" after "delivered"). Progress only goes
/// Sent → Delivered → Read; Undelivered and Failed are final and only follow a message not yet delivered.
/// A callback can also beat the delivery engine's write of the MessageSid; it is then kept as a <see cref="ChannelState"/>
/// and applied by <see cref="SweepAsync"/> once the record carries that id.
/// </remarks>
public sealed class TwilioStatusUpdater(
    StorageWriter storage,
    IEnumerable<IOutboxSignal> signals,
    TimeProvider time,
    ILogger<TwilioStatusUpdater> logger)
{
    private const string PendingPrefix = "twilio.status.";

    /// <summary>How long an early callback waits for its record before it is dropped.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromDays(1);

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
        var now = time.GetUtcNow();
        var again = new List<OutboxMessage>();
        var (found, moved, from) = await storage.WriteAsync(store =>
        {
            var message = store.Outbox.FindOne(m => m.ProviderId == messageSid);
            if (message is null)
            {
                Keep(store, new Pending(messageSid, next, errorCode, now));
                return (false, false, OutboxStatus.Queued);
            }
            var previous = message.Status;
            return (true, Move(store, message, next, errorCode, now, again), previous);
        }).ConfigureAwait(false);
        Notify(again);

        if (!found)
            logger.LogInformation("Twilio status {Status} for {MessageSid} kept until its message is recorded", next, messageSid);
        else if (!moved)
            logger.LogDebug("Twilio status {Status} for {MessageSid} ignored: already {Current}", next, messageSid, from);
        return moved;
    }

    /// <summary>SweepAsync applies kept callbacks whose message now carries their MessageSid, and drops those older than a day.</summary>
    public async Task<int> SweepAsync()
    {
        var now = time.GetUtcNow();
        var again = new List<OutboxMessage>();
        var applied = await storage.WriteAsync(store =>
        {
            var applied = 0;
            foreach (var state in store.ChannelStates.Find(s => s.Id.StartsWith(PendingPrefix)).ToList())
            {
                if (Pending.Parse(state) is not { } pending) { store.ChannelStates.Delete(state.Id); continue; }
                var message = store.Outbox.FindOne(m => m.ProviderId == pending.MessageSid);
                if (message is not null)
                {
                    if (Move(store, message, pending.Status, pending.ErrorCode, now, again)) applied++;
                    store.ChannelStates.Delete(state.Id);
                }
                else if (now - pending.At > PendingLifetime)
                {
                    store.ChannelStates.Delete(state.Id);
                }
            }
            return applied;
        }).ConfigureAwait(false);
        Notify(again);
        return applied;
    }

    /// <summary>Notify tells the delivery engine of texts queued again after a WhatsApp refusal.</summary>
    private void Notify(List<OutboxMessage> again)
    {
        if (again.Count == 0) return;
        logger.LogInformation("Twilio refused free-form WhatsApp text outside the window (63016); {Count} message(s) queued again for the fallback", again.Count);
        foreach (var signal in signals) signal.Notify(again);
    }

    private static bool Move(LiteStore store, OutboxMessage message, OutboxStatus next, string? errorCode, DateTimeOffset now, List<OutboxMessage> again)
    {
        if (!Moves(message.Status, next)) return false;
        if (WhatsAppRefusal.Applies(message, next, errorCode)) again.Add(WhatsAppRefusal.Record(store, message, now));
        message.Status = next;
        if (!string.IsNullOrEmpty(errorCode))
        {
            message.ErrorCode = errorCode;
            message.Error = "twilio status " + next.ToString().ToLowerInvariant();
        }
        store.Outbox.Update(message);
        return true;
    }

    /// <summary>Keep stores an early callback, unless one kept for the same message is already further along.</summary>
    private static void Keep(LiteStore store, Pending pending)
    {
        var id = PendingPrefix + pending.MessageSid;
        if (store.ChannelStates.FindById(id) is { } kept && Pending.Parse(kept) is { } earlier && !Moves(earlier.Status, pending.Status)) return;
        store.ChannelStates.Upsert(new ChannelState { Id = id, Value = pending.Format() });
    }

    /// <summary>Pending: an early callback as kept in a <see cref="ChannelState"/> value ("status|errorCode|utcTicks").</summary>
    private sealed record Pending(string MessageSid, OutboxStatus Status, string? ErrorCode, DateTimeOffset At)
    {
        public string Format() => $"{(int)Status}|{ErrorCode}|{At.UtcTicks}";

        public static Pending? Parse(ChannelState state)
        {
            var parts = state.Value.Split('|');
            if (parts.Length != 3 || !int.TryParse(parts[0], out var status) || !long.TryParse(parts[2], out var ticks)) return null;
            return new Pending(state.Id[PendingPrefix.Length..], (OutboxStatus)status, parts[1].Length == 0 ? null : parts[1],
                new DateTimeOffset(ticks, TimeSpan.Zero));
        }
    }
}
