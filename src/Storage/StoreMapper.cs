using LiteDB;

namespace OutreachBot.Storage;

/// <summary>StoreMapper: the BsonMapper the store maps documents with, for code that must see data exactly as the store gives it back.</summary>
/// <remarks>The golden transcripts reload contact and session through it between messages, so a field the store would lose or change shows up there.</remarks>
public static class StoreMapper
{
    /// <summary>Create returns a new mapper configured as <see cref="LiteStore"/>'s (a fresh one each time: mappers cache per-type state).</summary>
    public static BsonMapper Create() => LiteStore.CreateMapper();
}
