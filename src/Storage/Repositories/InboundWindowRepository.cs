namespace OutreachBot.Storage.Repositories;

/// <summary>InboundWindowRepository: when a URN last wrote to us, for windows such as WhatsApp's 24 hours of free-form replies.</summary>
/// <remarks>Adds an index on the inbound log's Urn the first time it is used, so the lookup never scans the whole log.</remarks>
public sealed class InboundWindowRepository(StorageWriter storage)
{
    private readonly object _gate = new();
    private Task? _index;

    /// <summary>LastInboundAtAsync: when the latest inbound message from <paramref name="urn"/> on <paramref name="channel"/> was received, or null.</summary>
    public async Task<DateTimeOffset?> LastInboundAtAsync(string urn, string channel)
    {
        await EnsureIndexAsync().ConfigureAwait(false);
        return await storage.ReadAsync(store =>
        {
            DateTimeOffset? latest = null;
            foreach (var entry in store.Inbound.Find(e => e.Urn == urn))
                if (entry.Channel == channel && (latest is null || entry.ReceivedAt > latest)) latest = entry.ReceivedAt;
            return latest;
        }).ConfigureAwait(false);
    }

    /// <summary>EnsureIndexAsync creates the index once; a failed attempt is tried again by the next caller.</summary>
    private Task EnsureIndexAsync()
    {
        lock (_gate)
        {
            if (_index is null || _index.IsFaulted || _index.IsCanceled)
                _index = storage.WriteAsync(store => store.Inbound.EnsureIndex(e => e.Urn));
            return _index;
        }
    }
}
