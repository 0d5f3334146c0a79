using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Repositories;

/// <summary>ConversationSnapshot: what the pipeline needs to handle one message, read in one storage request.</summary>
/// <param name="Contact">The contact owning the sender's URN, if known.</param>
/// <param name="Session">That contact's session (null when the contact is new).</param>
/// <param name="ContactVersion">The contact's change stamp as read, for <see cref="ConversationWrite.ReadVersion"/>.</param>
public sealed record ConversationSnapshot(Contact? Contact, Session? Session, long ContactVersion = 0)
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
            return contact is null
                ? new ConversationSnapshot(null, null)
                : new ConversationSnapshot(contact, SessionRepository.Get(store, contact.Id), store.ContactVersions.Of(contact.Id));
        });
}
