using LiteDB;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>RetentionRepository removes what is older than Storage:Retention: inbound log rows, and the texts of settled outbox rows.</summary>
/// <remarks>
/// Each call is one small write, so the storage thread serves other requests between batches. Inbound rows are found by
/// their ReceivedAt index; they are also the dedupe keys, so only rows far older than any redelivery go (Telegram keeps
/// an update for a day, Twilio retries within seconds; the retention is at least a week). Outbox rows keep their status,
/// ids and times: only the text and choices are blanked. Outbox ids grow with time, so the cursor
/// <see cref="ChannelCursor.RetentionOutbox"/> walks them once; a row still queued or sending that old is passed and left as it is.
/// </remarks>
internal sealed class RetentionRepository(StorageWriter storage) : IRetentionStore
{
    /// <summary>PruneInboundAsync deletes up to <paramref name="batch"/> inbound rows received before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> PruneInboundAsync(DateTimeOffset cutoff, int batch) =>
        storage.WriteAsync(store =>
        {
            var old = store.Inbound.Find(Query.LT(nameof(InboundLogEntry.ReceivedAt), cutoff.UtcTicks), limit: batch).Select(e => e.Id).ToList();
            foreach (var id in old) store.Inbound.Delete(id);
            return old.Count;
        });

    /// <summary>BlankOutboxAsync blanks the texts of up to <paramref name="batch"/> outbox rows created before <paramref name="cutoff"/>.</summary>
    /// <returns>Rows looked at (0 once the cursor reached rows newer than the cutoff) and texts blanked.</returns>
    public Task<(int Seen, int Blanked)> BlankOutboxAsync(DateTimeOffset cutoff, int batch) =>
        storage.WriteAsync(store =>
        {
            var cursor = LiteDb.LiteChannelCursors.Get(store, ChannelCursor.RetentionOutbox) ?? 0L;
            var (seen, blanked) = (0, 0);
            foreach (var row in store.Outbox.Find(Query.GT("_id", cursor), limit: batch).ToList())
            {
                if (row.CreatedAt >= cutoff) break;
                seen++;
                cursor = row.Id;
                if (!IsSettled(row.Status) || (row.Text.Length == 0 && row.Choices.Count == 0)) continue;
                row.Text = "";
                row.Choices = [];
                store.Outbox.Update(row);
                blanked++;
            }
            if (seen > 0) LiteDb.LiteChannelCursors.Save(store, ChannelCursor.RetentionOutbox, cursor);
            return (seen, blanked);
        });

    /// <summary>IsSettled: the provider took it or it failed for good; delivery will not read its text again.</summary>
    public static bool IsSettled(OutboxStatus status) => status >= OutboxStatus.Sent;
}
