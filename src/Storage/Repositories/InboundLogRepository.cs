using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>InboundLogRepository reads the log of inbound messages.</summary>
public sealed class InboundLogRepository(StorageWriter storage)
{
    /// <summary>FindAsync returns the logged message with this channel and provider id, or null.</summary>
    public Task<InboundLogEntry?> FindAsync(string channel, string providerId) =>
        storage.ReadAsync<InboundLogEntry?>(store => store.Inbound.FindById(InboundLogEntry.KeyOf(channel, providerId)));

    /// <summary>ForContactAsync returns a contact's inbound messages, oldest first.</summary>
    public Task<IReadOnlyList<InboundLogEntry>> ForContactAsync(long contactId) =>
        storage.ReadAsync<IReadOnlyList<InboundLogEntry>>(store =>
            [.. store.Inbound.Find(e => e.ContactId == contactId).OrderBy(e => e.ReceivedAt)]);
}
