using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>InboundWindowRepository answers "when did this URN last write to us on this channel?", for WhatsApp's 24-hour window.</summary>
/// <remarks>Reads the inbound log through its index on Urn (made by LiteStore), so the answer comes from the same durable rows the pipeline writes.</remarks>
internal sealed class InboundWindowRepository(StorageWriter storage) : IInboundLog
{
    /// <summary>LastInboundAtAsync returns when the newest inbound message from <paramref name="urn"/> on <paramref name="channel"/> arrived, or null.</summary>
    public Task<DateTimeOffset?> LastInboundAtAsync(string channel, string urn) =>
        storage.ReadAsync(store => LastInboundAt(store, channel, urn));

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
