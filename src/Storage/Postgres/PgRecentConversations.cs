using System.Collections.Concurrent;
using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgRecentConversations: the contact and session this instance last wrote, by URN, used only after the database confirms they are still current.</summary>
/// <remarks>
/// Other instances write the same contacts, so an entry is never trusted as it is: a read asks the database for the
/// URN's owner and its change stamp (a key look-up, no documents) and uses the entry only when both match; otherwise
/// it reads the documents as before. Either way one round trip, and a hit spares the server turning two jsonb
/// documents into text and this process parsing them. An entry holds copies, and each read gets its own copies.
/// Bounded: when full it forgets everything.
/// </remarks>
internal sealed class PgRecentConversations(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, Entry> _byUrn = new(StringComparer.Ordinal);

    /// <summary>Entry: a contact and its session as a write of this instance committed them, with the stamp that write gave the contact.</summary>
    public sealed record Entry(long ContactId, long Version, Contact Contact, Session Session);

    public bool TryGet(string urn, out Entry entry) => _byUrn.TryGetValue(urn, out entry!);

    /// <summary>Put records a committed write for every URN of its contact (copies of its objects).</summary>
    public void Put(Contact contact, Session session, long version)
    {
        if (_byUrn.Count >= capacity) _byUrn.Clear();
        var entry = new Entry(contact.Id, version, contact.Clone(), session.Clone());
        foreach (var urn in contact.Urns) _byUrn[urn] = entry;
    }
}
