using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>InboundLogRepository reads the log of inbound messages.</summary>
public sealed class InboundLogRepository(LiteStore store)
{
    /// <summary>Find returns the logged message with this channel and provider id, or null.</summary>
    public InboundLogEntry? Find(string channel, string providerId) =>
        store.Inbound.FindById(InboundLogEntry.KeyOf(channel, providerId));

    /// <summary>ForContact returns a contact's inbound messages, oldest first.</summary>
    public IReadOnlyList<InboundLogEntry> ForContact(long contactId) =>
        [.. store.Inbound.Find(e => e.ContactId == contactId).OrderBy(e => e.ReceivedAt)];
}
