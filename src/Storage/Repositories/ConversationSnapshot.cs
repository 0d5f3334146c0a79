using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Repositories;

/// <summary>ConversationSnapshot: what the pipeline needs to handle one message, read in one storage request.</summary>
/// <param name="Contact">The contact owning the sender's URN, if known.</param>
/// <param name="Session">That contact's session (null when the contact is new).</param>
public sealed record ConversationSnapshot(Contact? Contact, Session? Session)
{
    /// <summary>LoadAsync reads the contact owning <paramref name="urn"/> and its session.</summary>
    /// <remarks>
    /// The redelivery check is left to the write (<see cref="ConversationWrite.Apply"/>), which must make it anyway:
    /// redeliveries are rare, and a flow step is pure, so computing one in vain costs less than a look-up on every message.
    /// </remarks>
    public static Task<ConversationSnapshot> LoadAsync(StorageWriter storage, string urn) =>
        storage.ReadAsync(store =>
        {
            var contact = ContactRepository.FindByUrn(store, urn);
            return new ConversationSnapshot(contact, contact is null ? null : SessionRepository.Get(store, contact.Id));
        });
}
