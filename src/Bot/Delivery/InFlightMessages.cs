using System.Collections.Concurrent;

namespace OutreachBot.Bot.Delivery;

/// <summary>InFlightMessages: ids of the messages this process is claiming, sending or settling, on every channel.</summary>
/// <remarks>
/// The lease sweep leaves these alone even when their lease has run out (a slow call, a stalled write): their outcome is
/// still coming, and requeuing one would send it a second time while the first call may still succeed. Thread-safe.
/// </remarks>
public sealed class InFlightMessages
{
    private readonly ConcurrentDictionary<long, byte> _ids = new();

    public void Add(long id) => _ids.TryAdd(id, 0);

    public void Remove(long id) => _ids.TryRemove(id, out _);

    public bool Contains(long id) => _ids.ContainsKey(id);
}
