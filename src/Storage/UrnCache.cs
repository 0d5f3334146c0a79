namespace OutreachBot.Storage;

/// <summary>UrnCache remembers which contact owns a URN, sparing the storage thread one look-up per message.</summary>
/// <remarks>
/// Used only on the storage thread, so it needs no lock. An entry is a hint, never the truth: the reader checks
/// that the contact still exists and still lists the URN, and falls back to the URN collection otherwise, so an
/// entry left by a rolled-back write or a merge does no harm. It forgets everything when full, which bounds memory.
/// </remarks>
internal sealed class UrnCache(int capacity = 500_000)
{
    private readonly Dictionary<string, long> _owners = new(StringComparer.Ordinal);

    public bool TryGet(string urn, out long contactId) => _owners.TryGetValue(urn, out contactId);

    public void Set(string urn, long contactId)
    {
        if (_owners.Count >= capacity) _owners.Clear();
        _owners[urn] = contactId;
    }
}
