namespace OutreachBot.Storage;

/// <summary>ContactVersions: a change stamp per contact, bumped by every write of it, so a write can tell cheaply whether the contact changed since it was read.</summary>
/// <remarks>
/// Bumped only on the storage thread; read on any thread (the committed-conversation cache checks its entries against
/// it). Every write of a contact must call <see cref="Bump"/> (ContactRepository.Save, merges,
/// OutboxRepository.BlockContact). A bump by a write that is then rolled back only makes a reader redo its step, or
/// read from the file instead of the cache, which is safe. When full it forgets everything and starts from a stamp
/// never handed out before, so an older stamp never matches by accident.
/// </remarks>
internal sealed class ContactVersions(int capacity = 1_000_000)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _stamps = new();
    private long _last;
    private long _floor;

    /// <summary>Of returns the current stamp of <paramref name="contactId"/>.</summary>
    public long Of(long contactId) => _stamps.TryGetValue(contactId, out var stamp) ? stamp : Volatile.Read(ref _floor);

    /// <summary>Bump records that <paramref name="contactId"/> was written (or deleted); call it on the storage thread only.</summary>
    public void Bump(long contactId)
    {
        if (_stamps.Count >= capacity)
        {
            // The new floor first: a reader between the two steps then sees a stamp never handed out, never an old one.
            Volatile.Write(ref _floor, ++_last);
            _stamps.Clear();
        }
        _stamps[contactId] = ++_last;
    }
}
