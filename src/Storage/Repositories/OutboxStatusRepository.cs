using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>OutboxStatusRepository moves an outbox row through the provider's delivery reports, never backwards.</summary>
/// <remarks>
/// Reports arrive late, twice, or out of order (a "sent" after "delivered"), so a report only moves a row forward:
/// Queued → Sending → Sent → Delivered → Read; Undelivered and Failed are final and only follow a state before Delivered.
/// A report can also arrive before the delivery engine stored the provider id (Twilio posts "queued"/"sent", even
/// "failed", while our REST call is still returning); such a report is kept (<see cref="IOutboxChanges.KeepReport"/>) and
/// applied by <see cref="ApplyKeptAsync"/> once a row carries that id.
/// </remarks>
public sealed class OutboxStatusRepository(IOutboxStore outbox)
{
    /// <summary>ApplyAsync applies the report to the row whose ProviderId is <paramref name="providerId"/>, or keeps it for later.</summary>
    /// <param name="onMoved">Runs in the same write when the report moved the row, and may queue a message in consequence (a
    /// WhatsApp text refused with 63016 goes again): the report and its consequence are stored together or not at all.</param>
    /// <returns>What the report did, and the message <paramref name="onMoved"/> queued, if any.</returns>
    public Task<AppliedReport> ApplyAsync(string providerId, OutboxStatus status, string? errorCode, DateTimeOffset now,
        Func<IOutboxChanges, OutboxMessage, OutboxMessage?>? onMoved = null) =>
        outbox.WriteAsync(changes =>
        {
            if (changes.FindByProviderId(providerId) is { } row)
            {
                var change = Apply(changes, row, new DeliveryReport(status, errorCode, now));
                return new AppliedReport(change, change == StatusChange.Moved ? onMoved?.Invoke(changes, row) : null);
            }
            var kept = changes.KeptReport(providerId);
            if (kept is null || Advances(kept.Status, status))
                changes.KeepReport(providerId, new DeliveryReport(status, errorCode, kept?.At ?? now));
            return new AppliedReport(StatusChange.Kept, null);
        });

    /// <summary>ApplyKeptAsync applies kept early reports whose row now exists, and drops those older than <paramref name="maxAge"/>.</summary>
    /// <param name="onMoved">Runs in the same write for each row a kept report moved, and may queue a message in consequence
    /// (a WhatsApp text refused with 63016 goes again), so a crash cannot keep the report and lose its consequence.</param>
    /// <returns>How many kept reports were applied or dropped, and the messages <paramref name="onMoved"/> queued.</returns>
    public Task<KeptReports> ApplyKeptAsync(DateTimeOffset now, TimeSpan maxAge, Func<IOutboxChanges, OutboxMessage, OutboxMessage?>? onMoved = null) =>
        outbox.WriteAsync(changes =>
        {
            var done = 0;
            var queued = new List<OutboxMessage>();
            foreach (var (providerId, report) in changes.KeptReports())
            {
                var row = changes.FindByProviderId(providerId);
                if (row is null && now - report.At < maxAge) continue;
                if (row is not null && Apply(changes, row, report) == StatusChange.Moved && onMoved?.Invoke(changes, row) is { } next)
                    queued.Add(next);
                changes.DropKeptReport(providerId);
                done++;
            }
            return new KeptReports(done, queued);
        });

    private static StatusChange Apply(IOutboxChanges changes, OutboxMessage row, DeliveryReport report)
    {
        if (!Advances(row.Status, report.Status)) return StatusChange.Ignored;
        row.Status = report.Status;
        if (report.ErrorCode is not null)
        {
            row.ErrorCode = report.ErrorCode;
            row.Error = "provider error " + report.ErrorCode;
        }
        changes.Update(row);
        return StatusChange.Moved;
    }

    /// <summary>Advances tells whether a report of <paramref name="next"/> may replace <paramref name="current"/>.</summary>
    public static bool Advances(OutboxStatus current, OutboxStatus next)
    {
        if (current is OutboxStatus.Undelivered or OutboxStatus.Failed) return false;
        if (next is OutboxStatus.Undelivered or OutboxStatus.Failed) return current < OutboxStatus.Delivered;
        return next > current;
    }
}

/// <summary>AppliedReport: what one delivery report did, and the message queued in consequence, if any.</summary>
public sealed record AppliedReport(StatusChange Change, OutboxMessage? Queued);

/// <summary>KeptReports: what a sweep of kept early reports did: how many it applied or dropped, and the messages it queued in consequence.</summary>
public sealed record KeptReports(int Done, IReadOnlyList<OutboxMessage> Queued);

/// <summary>StatusChange: what a delivery report did to the outbox.</summary>
public enum StatusChange
{
    /// <summary>No outbox row has that provider id yet; the report is kept and applied once one does.</summary>
    Kept,
    /// <summary>The report was older than or equal to what we know; nothing changed.</summary>
    Ignored,
    /// <summary>The row moved forward.</summary>
    Moved,
}
