using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>OutboxStatusRepository moves an outbox row through the provider's delivery reports, never backwards.</summary>
/// <remarks>
/// Reports arrive late, twice, or out of order (a "sent" after "delivered"), so a report only moves a row forward:
/// Queued → Sending → Sent → Delivered → Read; Undelivered and Failed are final and only follow a state before Delivered.
/// </remarks>
public sealed class OutboxStatusRepository(StorageWriter storage)
{
    /// <summary>ApplyAsync applies the report to the row whose ProviderId is <paramref name="providerId"/>.</summary>
    public Task<StatusChange> ApplyAsync(string providerId, OutboxStatus status, string? errorCode = null, string? error = null) =>
        storage.WriteAsync(store =>
        {
            var row = store.Outbox.FindOne(m => m.ProviderId == providerId);
            if (row is null) return StatusChange.NotFound;
            if (!Advances(row.Status, status)) return StatusChange.Ignored;
            row.Status = status;
            if (errorCode is not null) row.ErrorCode = errorCode;
            if (error is not null) row.Error = error;
            store.Outbox.Update(row);
            return StatusChange.Moved;
        });

    /// <summary>Advances tells whether a report of <paramref name="next"/> may replace <paramref name="current"/>.</summary>
    public static bool Advances(OutboxStatus current, OutboxStatus next)
    {
        if (current is OutboxStatus.Undelivered or OutboxStatus.Failed) return false;
        if (next is OutboxStatus.Undelivered or OutboxStatus.Failed) return current < OutboxStatus.Delivered;
        return next > current;
    }
}

/// <summary>StatusChange: what a delivery report did to the outbox.</summary>
public enum StatusChange
{
    /// <summary>No outbox row has that provider id.</summary>
    NotFound,
    /// <summary>The report was older than or equal to what we know; nothing changed.</summary>
    Ignored,
    /// <summary>The row moved forward.</summary>
    Moved,
}
