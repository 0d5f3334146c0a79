using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteConversationStore: the conversation reads and the one atomic write per message, on the storage thread.</summary>
/// <remarks>
/// One process owns the file (see <see cref="DataFileLock"/>), so contact ids come from a counter seeded once from the
/// highest id ever stored or retired, with no write per id.
/// </remarks>
internal sealed class LiteConversationStore : IConversationStore
{
    private readonly StorageWriter _writer;
    private readonly Lazy<Task<long[]>> _lastId;

    public LiteConversationStore(StorageWriter writer)
    {
        _writer = writer;
        _lastId = new(async () => [await writer.ReadAsync(ContactRepository.MaxId).ConfigureAwait(false)]);
    }

    public Task<ConversationSnapshot> LoadAsync(string urn) =>
        _writer.ReadAsync(store =>
        {
            var contact = ContactRepository.FindByUrn(store, urn);
            return contact is null
                ? new ConversationSnapshot(null, null)
                : new ConversationSnapshot(contact, SessionRepository.Get(store, contact.Id), store.ContactVersions.Of(contact.Id));
        });

    public Task<PhoneOwner?> FindPhoneOwnerAsync(string phone, long contactId) =>
        _writer.ReadAsync(store =>
        {
            foreach (var urn in new[] { "tel:" + phone, "whatsapp:" + phone })
            {
                if (ContactRepository.FindByUrn(store, urn) is { } owner && owner.Id != contactId)
                    return new PhoneOwner(owner, store.ContactVersions.Of(owner.Id));
            }
            return null;
        });

    public async Task<ConversationWriteResult> WriteAsync(ConversationWrite write)
    {
        var stored = await _writer.WriteAsync(write.Apply).ConfigureAwait(false);
        var outcome = stored ? WriteOutcome.Stored : write.Stale ? WriteOutcome.Stale : WriteOutcome.Redelivery;
        return new ConversationWriteResult(outcome, write.Inbound.ContactId, write.StillQueued);
    }

    public async Task<long> NextContactIdAsync()
    {
        var last = await _lastId.Value.ConfigureAwait(false);
        return Interlocked.Increment(ref last[0]);
    }
}
