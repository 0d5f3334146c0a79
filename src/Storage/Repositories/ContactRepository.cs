using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>ContactRepository reads contacts on the storage thread.</summary>
internal sealed class ContactRepository(StorageWriter storage)
{
    /// <summary>FindByUrnAsync returns the contact that owns <paramref name="urn"/>, or null.</summary>
    public Task<Contact?> FindByUrnAsync(string urn) => storage.ReadAsync(store => FindByUrn(store, urn));

    /// <summary>MaxIdAsync returns the highest contact id in use (0 when none), to seed the id allocator.</summary>
    public Task<long> MaxIdAsync() => storage.ReadAsync(MaxId);

    internal static long MaxId(LiteStore store)
    {
        var stored = store.Contacts.Count() == 0 ? 0 : store.Contacts.Max(c => c.Id);
        return Math.Max(stored, store.RetiredIds.FindById(RetiredContactIds.SingleId)?.MaxId ?? 0);
    }

    /// <summary>Retire records that contact <paramref name="id"/> was deleted (merged away); call it only inside a write.</summary>
    /// <remarks>
    /// Ids are seeded from the highest stored id at start, so deleting the newest contact would let the next start give its
    /// id, and the volunteer number derived from it (which the survivor may now carry), to someone else.
    /// </remarks>
    public static void Retire(LiteStore store, long id)
    {
        if (id > (store.RetiredIds.FindById(RetiredContactIds.SingleId)?.MaxId ?? 0))
            store.RetiredIds.Upsert(new RetiredContactIds { MaxId = id });
    }

    /// <summary>FindByUrn looks a URN up; call it only on the storage thread.</summary>
    public static Contact? FindByUrn(LiteStore store, string urn)
    {
        if (store.UrnOwners.TryGet(urn, out var id) && store.Contacts.FindById(id) is { } known && known.Urns.Contains(urn))
            return known;
        if (store.Urns.FindById(urn) is not { } owner) return null;
        var contact = store.Contacts.FindById(owner.ContactId);
        if (contact is not null) store.UrnOwners.Set(urn, contact.Id);
        return contact;
    }

    /// <summary>FindDocumentByUrn is <see cref="FindByUrn"/> returning the stored document, for the caller to map off the storage thread.</summary>
    internal static LiteDB.BsonDocument? FindDocumentByUrn(LiteStore store, string urn)
    {
        if (store.UrnOwners.TryGet(urn, out var id) && store.RawContacts.FindById(id) is { } known && Owns(known, urn))
            return known;
        if (store.Urns.FindById(urn) is not { } owner) return null;
        var contact = store.RawContacts.FindById(owner.ContactId);
        if (contact is not null) store.UrnOwners.Set(urn, owner.ContactId);
        return contact;
    }

    private static bool Owns(LiteDB.BsonDocument contact, string urn) =>
        contact[nameof(Contact.Urns)] is { IsArray: true } urns && urns.AsArray.Any(u => u.IsString && u.AsString == urn);

    /// <summary>Save stores the contact and points each of its URNs at it; call it only inside a write.</summary>
    /// <param name="knownUrns">URNs already stored as this contact's, which need no look-up.</param>
    public static void Save(LiteStore store, Contact contact, IReadOnlyCollection<string>? knownUrns = null)
    {
        store.Contacts.Upsert(contact);
        SaveUrns(store, contact, knownUrns);
    }

    /// <summary>SaveUrns is <see cref="Save"/> for a contact whose document was stored already: its change stamp and URN owners.</summary>
    internal static void SaveUrns(LiteStore store, Contact contact, IReadOnlyCollection<string>? knownUrns)
    {
        store.ContactVersions.Bump(contact.Id);
        foreach (var urn in contact.Urns)
        {
            if (knownUrns?.Contains(urn) == true) continue;
            if (store.Urns.FindById(urn)?.ContactId != contact.Id)
                store.Urns.Upsert(new UrnOwner { Id = urn, ContactId = contact.Id });
            store.UrnOwners.Set(urn, contact.Id);
        }
    }
}
