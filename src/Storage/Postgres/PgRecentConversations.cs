using System.Collections.Concurrent;
using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgRecentConversations: the contact and session this instance last wrote, by URN, and whether they have earned being used without asking the database.</summary>
/// <remarks>
/// Other instances write the same contacts, so a new entry is not trusted: a read asks the database for the URN's owner
/// and its change stamp (a key look-up, no documents) and uses the entry only when both match, which spares the server
/// turning two jsonb documents into text and this process parsing them. Once the database has confirmed an entry, this
/// instance was the last to write that contact, as it is when one instance serves it or a load balancer sends each
/// sender to one instance: the entry is then trusted, and so is the one each later write of it leaves, and a read takes
/// it without a round trip. This instance's own changes outside a conversation write (a delivery block, a merge) drop
/// the contact's entries, so it always reads back what it changed. Nothing is lost if another instance wrote meanwhile: the write checks the contact's stamp
/// under its lock as always, finds it moved and answers Stale, the store forgets the URN (<see cref="Forget"/>), and the
/// pipeline reads again from the database. When the senders' messages go to the instances in turn the database never
/// confirms an entry, so nothing is trusted and nothing is redone. An entry holds copies, and each read gets its own.
/// Bounded: when full it forgets everything.
/// </remarks>
public sealed class PgRecentConversations(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, Entry> _byUrn = new(StringComparer.Ordinal);

    /// <summary>Entry: a contact and its session as a write of this instance committed them, with the stamp that write gave the contact.</summary>
    /// <param name="Trusted">The database confirmed this entry, or the one the write that left it started from: reads take it without asking.</param>
    public sealed record Entry(long ContactId, long Version, Contact Contact, Session Session, bool Trusted);

    public bool TryGet(string urn, out Entry entry) => _byUrn.TryGetValue(urn, out entry!);

    /// <summary>Confirm marks <paramref name="entry"/> trusted: the database found it current, so no other instance wrote its contact since this one did.</summary>
    public void Confirm(string urn, Entry entry) => _byUrn.TryUpdate(urn, entry with { Trusted = true }, entry);

    /// <summary>Put records a committed write for every URN of its contact (copies of its objects); it is trusted when it
    /// was computed from a trusted entry of that contact at the stamp the write read (<paramref name="readVersion"/>).</summary>
    public void Put(Contact contact, Session session, long version, long? readVersion)
    {
        var trusted = readVersion is { } read && contact.Urns.Any(urn =>
            _byUrn.TryGetValue(urn, out var old) && old.Trusted && old.ContactId == contact.Id && old.Version == read);
        if (_byUrn.Count >= capacity) _byUrn.Clear();
        var entry = new Entry(contact.Id, version, contact.Clone(), session.Clone(), trusted);
        foreach (var urn in contact.Urns) _byUrn[urn] = entry;
    }

    /// <summary>Forget drops the entries of <paramref name="urns"/>: a write found them out of date, so the next read asks the database.</summary>
    public void Forget(IEnumerable<string> urns)
    {
        foreach (var urn in urns) _byUrn.TryRemove(urn, out _);
    }

    /// <summary>ForgetContact drops every entry of contact <paramref name="contactId"/>, which this instance changed outside a
    /// conversation write (a delivery block) or merged: the next read of it asks the database. Rare, so a scan will do.</summary>
    public void ForgetContact(long contactId)
    {
        foreach (var (urn, entry) in _byUrn)
            if (entry.ContactId == contactId) _byUrn.TryRemove(new KeyValuePair<string, Entry>(urn, entry));
    }
}
