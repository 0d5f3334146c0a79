using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>InboundWindowRepository answers "when did this URN last write to us on this channel?", for WhatsApp's 24-hour window.</summary>
/// <remarks>Reads the inbound log through an index on Urn, so the answer comes from the same durable rows the pipeline writes.</remarks>
public sealed class InboundWindowRepository(StorageWriter storage)
{
    private Task? _index;

    /// <summary>EnsureIndexAsync adds the Urn index to the inbound log once (idempotent; LiteDB keeps it in the file).</summary>
    public Task EnsureIndexAsync()
    {
        // A failed attempt (storage briefly down) is tried again on the next call; a race only repeats an idempotent write.
        var index = _index;
        if (index is null || index.IsFaulted || index.IsCanceled)
            _index = index = storage.WriteAsync(store => { store.Inbound.EnsureIndex(e => e.Urn); });
        return index;
    }

    /// <summary>LastInboundAtAsync returns when the newest inbound message from <paramref name="urn"/> on <paramref name="channel"/> arrived, or null.</summary>
    public async Task<DateTimeOffset?> LastInboundAtAsync(string channel, string urn)
    {
        await EnsureIndexAsync().ConfigureAwait(false);
        return await storage.ReadAsync(store => LastInboundAt(store, channel, urn)).ConfigureAwait(false);
    }

    /// <summary>LastInboundAt looks it up; call it only on the storage thread.</summary>
    public static DateTimeOffset? LastInboundAt(LiteStore store, string channel, string urn)
    {
        DateTimeOffset? newest = null;
        foreach (var entry in store.Inbound.Find(e => e.Urn == urn))
        {
            if (entry.Channel == channel && (newest is null || entry.ReceivedAt > newest)) newest = entry.ReceivedAt;
        }
        return newest;
    }
}
