using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>OutboxRepository: outbox state changes shared by every store, made through one transaction's <see cref="IOutboxChanges"/>.</summary>
public static class OutboxRepository
{
    /// <summary>Fail marks a message Failed with a code and reason (no provider call is made or retried).</summary>
    public static void Fail(IOutboxChanges changes, OutboxMessage message, string code, string reason)
    {
        message.Status = OutboxStatus.Failed;
        message.LeaseUntil = null;
        message.ErrorCode = code;
        message.Error = reason;
        changes.Update(message);
    }

    /// <summary>FailQueuedForUrn fails every message still queued for <paramref name="urn"/>; returns them.</summary>
    public static IReadOnlyList<OutboxMessage> FailQueuedForUrn(IOutboxChanges changes, string urn, string code, string reason)
    {
        var queued = changes.QueuedFor(urn);
        foreach (var message in queued) Fail(changes, message, code, reason);
        return queued;
    }
}
