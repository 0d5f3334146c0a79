using LiteDB;
using System.Globalization;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LegacyChannelStates moves values that files written before the typed collections kept as string-keyed ChannelState rows.</summary>
/// <remarks>
/// Runs once per open, before the writer starts; a file without such rows costs a few primary-key look-ups. A value
/// that cannot be read is left where it is rather than dropped (copy-store then refuses the file and names it).
/// </remarks>
internal static class LegacyChannelStates
{
    private const string TelegramOffset = "telegram.offset";
    private const string RetentionOutbox = "retention.outbox";
    private const string RetiredMaxId = "contacts.retired-max-id";
    private const string WindowClosedPrefix = "twilio.window-closed.";
    private const string KeptReportPrefix = "outbox.status.";
    private const string PossibleDuplicatesKey = "delivery.possible-duplicates";

    public static void MoveToTypedCollections(LiteStore store)
    {
        var states = store.ChannelStates;
        var moved = false;
        foreach (var (key, cursor) in new[] { (TelegramOffset, ChannelCursor.TelegramOffset), (RetentionOutbox, ChannelCursor.RetentionOutbox) })
        {
            if (states.FindById(key) is not { } state) continue;
            if (long.TryParse(state.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) && LiteChannelCursors.Get(store, cursor) is null)
                LiteChannelCursors.Save(store, cursor, position);
            states.Delete(key);
            moved = true;
        }
        if (states.FindById(RetiredMaxId) is { } retired)
        {
            if (long.TryParse(retired.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var maxId)
                && maxId > (store.RetiredIds.FindById(RetiredContactIds.SingleId)?.MaxId ?? 0))
                store.RetiredIds.Upsert(new RetiredContactIds { MaxId = maxId });
            states.Delete(RetiredMaxId);
            moved = true;
        }
        moved |= MoveOutboxStates(store);
        // LiteDB commits each call on its own; a checkpoint makes the move durable before the writer (and its fsync) starts.
        if (moved) store.Database.Checkpoint();
    }

    /// <summary>MoveOutboxStates moves WhatsApp window closures, kept delivery reports and the duplicates count.</summary>
    private static bool MoveOutboxStates(LiteStore store)
    {
        var states = store.ChannelStates;
        var moved = false;
        foreach (var state in states.Find(Query.StartsWith("_id", WindowClosedPrefix)).ToList())
        {
            if (!long.TryParse(state.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) continue;
            store.WindowClosures.Upsert(new WindowClosureDocument { Id = state.Id[WindowClosedPrefix.Length..], ClosedAt = new DateTimeOffset(ticks, TimeSpan.Zero) });
            states.Delete(state.Id);
            moved = true;
        }
        foreach (var state in states.Find(Query.StartsWith("_id", KeptReportPrefix)).ToList())
        {
            // "status|errorCode|utcTicks"
            var parts = state.Value.Split('|');
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var at)) continue;
            store.KeptReports.Upsert(new KeptReportDocument
            {
                Id = state.Id[KeptReportPrefix.Length..], Status = (OutboxStatus)status,
                ErrorCode = parts[1].Length == 0 ? null : parts[1], At = new DateTimeOffset(at, TimeSpan.Zero),
            });
            states.Delete(state.Id);
            moved = true;
        }
        if (states.FindById(PossibleDuplicatesKey) is { } count
            && long.TryParse(count.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var total))
        {
            store.Counters.Upsert(new CounterDocument { Id = CounterDocument.PossibleDuplicates, Value = total });
            states.Delete(PossibleDuplicatesKey);
            moved = true;
        }
        return moved;
    }
}
