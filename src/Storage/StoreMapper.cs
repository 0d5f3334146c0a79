using LiteDB;

namespace OutreachBot.Storage;

/// <summary>StoreMapper: values exactly as the embedded store gives them back, for code that must see what storing does to them.</summary>
/// <remarks>The golden transcripts reload contact and session through it between messages, so a field the store would lose or change shows up there.</remarks>
public static class StoreMapper
{
    /// <summary>Create returns a new mapper configured as <see cref="LiteStore"/>'s (a fresh one each time: mappers cache per-type state).</summary>
    internal static BsonMapper Create() => LiteStore.CreateMapper();

    /// <summary>RoundTrip maps <paramref name="value"/> to the store's BSON bytes and back, as a write followed by a read would.</summary>
    public static T RoundTrip<T>(T value) where T : class
    {
        var mapper = Create();
        var bytes = BsonSerializer.Serialize(mapper.ToDocument(value));
        return mapper.ToObject<T>(BsonSerializer.Deserialize(bytes));
    }
}
