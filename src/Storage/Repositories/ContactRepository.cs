using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Repositories;

/// <summary>ContactRepository reads contacts; its write helpers run only inside a <see cref="StorageWriter"/> request.</summary>
public sealed class ContactRepository(LiteStore store)
{
    /// <summary>FindByUrn returns the contact that owns <paramref name="urn"/>, or null.</summary>
    public Contact? FindByUrn(string urn) => FindByUrn(store, urn);

    /// <summary>Get returns the contact with <paramref name="id"/>, or null.</summary>
    public Contact? Get(long id) => store.Contacts.FindById(id);

    /// <summary>Count returns how many contacts there are.</summary>
    public int Count() => store.Contacts.Count();

    /// <summary>MaxId returns the highest contact id in use (0 when none), to seed the id allocator.</summary>
    public long MaxId() => store.Contacts.Count() == 0 ? 0 : store.Contacts.Max(c => c.Id);

    internal static Contact? FindByUrn(LiteStore store, string urn) =>
        store.Contacts.FindOne("$.Urns[*] ANY = @0", urn);
}
