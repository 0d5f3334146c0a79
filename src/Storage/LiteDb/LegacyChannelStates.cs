using System.Globalization;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LegacyChannelStates moves values that files written before the typed collections kept as string-keyed ChannelState rows.</summary>
/// <remarks>Runs once per open, before the writer starts; a file without such rows costs three primary-key look-ups.</remarks>
internal static class LegacyChannelStates
{
    private const string TelegramOffset = "telegram.offset";
    private const string RetentionOutbox = "retention.outbox";
    private const string RetiredMaxId = "contacts.retired-max-id";

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
        // LiteDB commits each call on its own; a checkpoint makes the move durable before the writer (and its fsync) starts.
        if (moved) store.Database.Checkpoint();
    }
}
