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
    private readonly CommittedConversations _committed;

    public LiteConversationStore(StorageWriter writer)
    {
        _writer = writer;
        _committed = new CommittedConversations(writer.ContactVersions);
        _lastId = new(async () => [await writer.ReadAsync(ContactRepository.MaxId).ConfigureAwait(false)]);
    }

    /// <remarks>The storage thread only finds the documents; they are mapped to objects here, on the caller's thread.</remarks>
    public async Task<ConversationSnapshot> LoadAsync(string urn)
    {
        var mapper = _writer.Mapper;
        if (_committed.TryGet(urn, out var entry))
            return new ConversationSnapshot(mapper.ToObject<Flows.Model.Contact>(entry.Contact), mapper.ToObject<Flows.Model.Session>(entry.Session), entry.Version);
        var (contact, session, version) = await _writer.ReadAsync<(LiteDB.BsonDocument?, LiteDB.BsonDocument?, long)>(store =>
        {
            var contact = ContactRepository.FindDocumentByUrn(store, urn);
            if (contact is null) return (null, null, 0L);
            var id = contact["_id"].AsInt64;
            return (contact, store.RawSessions.FindById(id), store.ContactVersions.Of(id));
        }).ConfigureAwait(false);
        if (contact is null) return new ConversationSnapshot(null, null);
        return new ConversationSnapshot(mapper.ToObject<Flows.Model.Contact>(contact), session is null ? null : mapper.ToObject<Flows.Model.Session>(session), version);
    }

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
        write.Prepare(_writer.Mapper);
        var stored = await _writer.WriteAsync(write.Apply).ConfigureAwait(false);
        // Durable now: the next message of this contact may read what was just stored without asking the storage thread.
        if (stored && write.Committed is { } committed) _committed.Put(write.Contact.Urns, committed);
        var outcome = stored ? WriteOutcome.Stored : write.Stale ? WriteOutcome.Stale : WriteOutcome.Redelivery;
        return new ConversationWriteResult(outcome, write.Inbound.ContactId, write.StillQueued);
    }

    public async Task<long> NextContactIdAsync()
    {
        var last = await _lastId.Value.ConfigureAwait(false);
        return Interlocked.Increment(ref last[0]);
    }
}
