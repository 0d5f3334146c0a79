using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>ConversationSnapshot: what the pipeline needs to handle one message, read in one storage request.</summary>
/// <param name="Seen">The same message stored before, if this is a redelivery.</param>
/// <param name="Contact">The contact owning the sender's URN, if known.</param>
/// <param name="Session">That contact's session (null when the contact is new).</param>
public sealed record ConversationSnapshot(InboundLogEntry? Seen, Contact? Contact, Session? Session)
{
    /// <summary>LoadAsync reads the snapshot of <paramref name="urn"/> for the message (<paramref name="channel"/>, <paramref name="providerId"/>).</summary>
    public static Task<ConversationSnapshot> LoadAsync(StorageWriter storage, string channel, string providerId, string urn) =>
        storage.ReadAsync(store =>
        {
            var seen = store.Inbound.FindById(InboundLogEntry.KeyOf(channel, providerId));
            if (seen is not null) return new ConversationSnapshot(seen, null, null);
            var contact = ContactRepository.FindByUrn(store, urn);
            return new ConversationSnapshot(null, contact, contact is null ? null : SessionRepository.Get(store, contact.Id));
        });
}
