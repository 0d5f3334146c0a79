using System.Collections.Concurrent;
using LiteDB;

namespace OutreachBot.Storage.LiteDb;

/// <summary>CommittedConversations: the contact and session each recent write committed, by URN, so the next message's read needs no trip to the storage thread.</summary>
/// <remarks>
/// One process owns the file, so every change to a contact passes through this process's storage thread and bumps its
/// <see cref="ContactVersions"/> stamp. An entry is put only after its write is durable, with the stamp that write
/// gave the contact; a read uses it only while the stamp is still the contact's current one, so any later write
/// (another URN of the same contact, a merge, a block by delivery, a write rolled back after its bump) sends the read to
/// the file instead. Entries are BsonDocuments never changed after they are put; each read maps its own objects.
/// Bounded: when full it forgets everything (a miss only costs the read it saved).
/// </remarks>
internal sealed class CommittedConversations(ContactVersions versions, int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, Entry> _byUrn = new(StringComparer.Ordinal);

    /// <summary>Entry: a contact's documents as one write committed them, and the stamp it gave the contact.</summary>
    public sealed record Entry(long ContactId, long Version, BsonDocument Contact, BsonDocument Session);

    /// <summary>TryGet returns the entry for <paramref name="urn"/> when it is still the contact's committed state.</summary>
    public bool TryGet(string urn, out Entry entry)
    {
        if (_byUrn.TryGetValue(urn, out entry!) && versions.Of(entry.ContactId) == entry.Version) return true;
        entry = null!;
        return false;
    }

    /// <summary>Put records a durable write for every URN of its contact.</summary>
    public void Put(IEnumerable<string> urns, Entry entry)
    {
        if (_byUrn.Count >= capacity) _byUrn.Clear();
        foreach (var urn in urns) _byUrn[urn] = entry;
    }
}
