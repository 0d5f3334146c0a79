using System.Collections.Concurrent;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgRecentConversations: the contact and session this instance last wrote, by URN, and whether they have earned being used without asking the database.</summary>
/// <remarks>
/// Other instances write the same contacts, so a new entry is not trusted: a read asks the database for the URN's owner
/// and its change stamp (a key look-up, no documents) and uses the entry only when both match, which spares the server
/// turning two jsonb documents into text and this process parsing them. Once the database has confirmed an entry, this
/// instance was the last to write that contact; the entry is then trusted, and so is the one each later write of it
/// leaves, and while most of this instance's copies have lately turned out current (one instance, or a load balancer
/// that sends each sender to one instance) a read takes a trusted entry without a round trip. When they have not (the
/// senders' messages go to any instance), every read asks, as before. Nothing is lost either way: the write checks the
/// contact's stamp under its lock as always, finds it moved if another instance wrote meanwhile and answers Stale; the
/// store forgets the URN (<see cref="Written"/>) and the pipeline reads again from the database. This instance's own
/// changes outside a conversation write (a delivery block, a merge) drop the contact's entries, so it always reads back
/// what it changed. An entry holds copies, and each read gets its own. Bounded: when full it forgets everything.
/// </remarks>
/// <param name="capacity">Entries kept at most.</param>
/// <param name="window">How many recent outcomes the share of current copies follows (see <see cref="Observe"/>).</param>
public sealed class PgRecentConversations(int capacity = 10_000, int window = 64)
{
    /// <summary>TrustAbove: the share of this instance's copies found current above which it trusts them. Redoing a
    /// step on a copy found stale costs about two reads (the write that refused it, the read after), and a read spared
    /// saves one, so trusting pays only well above two in three; a load balancer that sends each message of three
    /// instances' senders anywhere leaves one in three current, a sticky one nearly all.</summary>
    public const double TrustAbove = 0.9;

    private readonly Lock _gate = new();
    private double _current;
    private readonly ConcurrentDictionary<string, long> _servedTrusted = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Entry> _byUrn = new(StringComparer.Ordinal);

    /// <summary>Entry: a contact and its session as a write of this instance committed them, with the stamp that write gave the contact.</summary>
    /// <param name="Trusted">The database confirmed this entry, or the one the write that left it started from: reads take it without asking.</param>
    public sealed record Entry(long ContactId, long Version, Contact Contact, Session Session, bool Trusted);

    public bool TryGet(string urn, out Entry entry) => _byUrn.TryGetValue(urn, out entry!);

    /// <summary>TryTrusted gives the entry of <paramref name="urn"/> to use without asking the database, when it is trusted
    /// and this instance's copies have lately been current often enough (<see cref="TrustAbove"/>).</summary>
    public bool TryTrusted(string urn, out Entry entry)
    {
        if (!_byUrn.TryGetValue(urn, out entry!) || !entry.Trusted || Volatile.Read(ref _current) < TrustAbove) return false;
        _servedTrusted[urn] = entry.Version;
        return true;
    }

    /// <summary>Confirm marks <paramref name="entry"/> trusted and counts it current: the database found it at its stamp, so
    /// no other instance wrote its contact since this one did.</summary>
    public void Confirm(string urn, Entry entry)
    {
        _byUrn.TryUpdate(urn, entry with { Trusted = true }, entry);
        Observe(current: true);
    }

    /// <summary>Refuted counts a copy the database found out of date (another instance wrote its contact since).</summary>
    public void Refuted() => Observe(current: false);

    /// <summary>Written keeps the copies up to date with a conversation write's outcome: a stored write's contact and session
    /// become the copy; a write that found its contact changed (Stale), or was stored without a stamp (it set a phone, and
    /// may have merged), drops the copies it cannot vouch for, so the next read asks the database. A survivor folds the
    /// merged contact's URNs into its own, so forgetting its URNs drops the merged contact's copies; merged into an older
    /// contact, the survivor's copies are dropped by id. A redelivery changed nothing.</summary>
    public void Written(ConversationWrite write, ConversationWriteResult result)
    {
        if (result.Outcome == WriteOutcome.Redelivery) return;
        // The outcome of a step done on a trusted copy tells whether that copy was current.
        if (_servedTrusted.TryRemove(new KeyValuePair<string, long>(write.Inbound.Urn, write.ReadVersion))) Observe(result.Outcome == WriteOutcome.Stored);
        if (result.Outcome == WriteOutcome.Stored && result.StoredVersion is { } version)
        {
            Put(write.Contact, write.Session, version, write.ReadAs is null ? null : write.ReadVersion);
            return;
        }
        Forget([write.Inbound.Urn, .. write.Contact.Urns]);
        if (result.ContactId != write.Contact.Id) ForgetContact(result.ContactId);
    }

    /// <summary>Observe records whether a copy turned out current; the share follows about the last <c>window</c> outcomes.</summary>
    private void Observe(bool current)
    {
        lock (_gate) _current += ((current ? 1 : 0) - _current) / window;
    }

    /// <summary>Put records a committed write for every URN of its contact (copies of its objects); it is trusted when it
    /// was computed from a trusted entry of that contact at the stamp the write read (<paramref name="readVersion"/>).</summary>
    private void Put(Contact contact, Session session, long version, long? readVersion)
    {
        var trusted = readVersion is { } read && contact.Urns.Any(urn =>
            _byUrn.TryGetValue(urn, out var old) && old.Trusted && old.ContactId == contact.Id && old.Version == read);
        if (_byUrn.Count >= capacity)
        {
            _byUrn.Clear();
            _servedTrusted.Clear();
        }
        var entry = new Entry(contact.Id, version, contact.Clone(), session.Clone(), trusted);
        foreach (var urn in contact.Urns) _byUrn[urn] = entry;
    }

    /// <summary>Forget drops the entries of <paramref name="urns"/>: a write found them out of date, so the next read asks the database.</summary>
    private void Forget(IEnumerable<string> urns)
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
