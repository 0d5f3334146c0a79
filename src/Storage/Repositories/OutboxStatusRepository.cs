using System.Globalization;
using LiteDB;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>OutboxStatusRepository moves an outbox row through the provider's delivery reports, never backwards.</summary>
/// <remarks>
/// Reports arrive late, twice, or out of order (a "sent" after "delivered"), so a report only moves a row forward:
/// Queued → Sending → Sent → Delivered → Read; Undelivered and Failed are final and only follow a state before Delivered.
/// A report can also arrive before the delivery engine stored the provider id (Twilio posts "queued"/"sent", even
/// "failed", while our REST call is still returning); such a report is kept as a <see cref="ChannelState"/> and applied
/// by <see cref="ApplyKeptAsync"/> once a row carries that id.
/// </remarks>
public sealed class OutboxStatusRepository(StorageWriter storage)
{
    /// <summary>Key prefix of kept early reports: "outbox.status.{providerId}".</summary>
    public const string KeptPrefix = "outbox.status.";

    /// <summary>ApplyAsync applies the report to the row whose ProviderId is <paramref name="providerId"/>, or keeps it for later.</summary>
    /// <param name="onMoved">Runs in the same write when the report moved the row, and may queue a message in consequence (a
    /// WhatsApp text refused with 63016 goes again): the report and its consequence are stored together or not at all.</param>
    /// <returns>What the report did, and the message <paramref name="onMoved"/> queued, if any.</returns>
    public Task<AppliedReport> ApplyAsync(string providerId, OutboxStatus status, string? errorCode, DateTimeOffset now,
        Func<LiteStore, OutboxMessage, OutboxMessage?>? onMoved = null) =>
        storage.WriteAsync(store =>
        {
            var row = store.Outbox.FindOne(m => m.ProviderId == providerId);
            if (row is not null)
            {
                var change = Apply(store, row, new Report(status, errorCode, now));
                return new AppliedReport(change, change == StatusChange.Moved ? onMoved?.Invoke(store, row) : null);
            }

            var key = KeptPrefix + providerId;
            var kept = store.ChannelStates.FindById(key) is { } state ? Report.Parse(state.Value) : null;
            if (kept is null || Advances(kept.Status, status))
                store.ChannelStates.Upsert(new ChannelState { Id = key, Value = new Report(status, errorCode, kept?.At ?? now).Format() });
            return new AppliedReport(StatusChange.Kept, null);
        });

    /// <summary>ApplyKeptAsync applies kept early reports whose row now exists, and drops those older than <paramref name="maxAge"/>.</summary>
    /// <param name="onMoved">Runs in the same write for each row a kept report moved, and may queue a message in consequence
    /// (a WhatsApp text refused with 63016 goes again), so a crash cannot keep the report and lose its consequence.</param>
    /// <returns>How many kept reports were applied or dropped, and the messages <paramref name="onMoved"/> queued.</returns>
    public Task<KeptReports> ApplyKeptAsync(DateTimeOffset now, TimeSpan maxAge, Func<LiteStore, OutboxMessage, OutboxMessage?>? onMoved = null) =>
        storage.WriteAsync(store =>
        {
            var done = 0;
            var queued = new List<OutboxMessage>();
            foreach (var state in store.ChannelStates.Find(Query.StartsWith("_id", KeptPrefix)).ToList())
            {
                var providerId = state.Id[KeptPrefix.Length..];
                var report = Report.Parse(state.Value);
                var row = store.Outbox.FindOne(m => m.ProviderId == providerId);
                if (row is null && report is not null && now - report.At < maxAge) continue;
                if (row is not null && report is not null && Apply(store, row, report) == StatusChange.Moved && onMoved?.Invoke(store, row) is { } next)
                    queued.Add(next);
                store.ChannelStates.Delete(state.Id);
                done++;
            }
            return new KeptReports(done, queued);
        });

    private static StatusChange Apply(LiteStore store, OutboxMessage row, Report report)
    {
        if (!Advances(row.Status, report.Status)) return StatusChange.Ignored;
        row.Status = report.Status;
        if (report.ErrorCode is not null)
        {
            row.ErrorCode = report.ErrorCode;
            row.Error = "provider error " + report.ErrorCode;
        }
        store.Outbox.Update(row);
        return StatusChange.Moved;
    }

    /// <summary>Advances tells whether a report of <paramref name="next"/> may replace <paramref name="current"/>.</summary>
    public static bool Advances(OutboxStatus current, OutboxStatus next)
    {
        if (current is OutboxStatus.Undelivered or OutboxStatus.Failed) return false;
        if (next is OutboxStatus.Undelivered or OutboxStatus.Failed) return current < OutboxStatus.Delivered;
        return next > current;
    }

    /// <summary>Report: one delivery report, as kept in a ChannelState value "status|errorCode|utcTicks".</summary>
    private sealed record Report(OutboxStatus Status, string? ErrorCode, DateTimeOffset At)
    {
        public string Format() => string.Join('|', (int)Status, ErrorCode ?? "", At.UtcTicks.ToString(CultureInfo.InvariantCulture));

        public static Report? Parse(string value)
        {
            var parts = value.Split('|');
            return parts.Length == 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? new Report((OutboxStatus)status, parts[1].Length == 0 ? null : parts[1], new DateTimeOffset(ticks, TimeSpan.Zero))
                : null;
        }
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
