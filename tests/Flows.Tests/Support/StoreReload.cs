using OutreachBot.Storage;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>StoreReload: a value as the store would give it back, mapped to BSON bytes and back with the store's own mapper.</summary>
/// <remarks>Stricter than a JSON round trip: the store keeps times as UTC instants (an offset such as +02:00 comes back as +00:00).</remarks>
public sealed class StoreReload
{
    public T Reload<T>(T value) where T : class => StoreMapper.RoundTrip(value);
}
