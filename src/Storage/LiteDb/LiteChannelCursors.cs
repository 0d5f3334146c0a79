using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteChannelCursors keeps each cursor as one row of the "cursors" collection, on the storage thread.</summary>
internal sealed class LiteChannelCursors(StorageWriter writer) : IChannelCursors
{
    public Task<long?> GetAsync(ChannelCursor cursor) => writer.ReadAsync(store => Get(store, cursor));

    public Task SaveAsync(ChannelCursor cursor, long position) => writer.WriteAsync(store => Save(store, cursor, position));

    internal static long? Get(LiteStore store, ChannelCursor cursor) => store.Cursors.FindById(cursor.ToString())?.Position;

    internal static void Save(LiteStore store, ChannelCursor cursor, long position) =>
        store.Cursors.Upsert(new CursorDocument { Id = cursor.ToString(), Position = position });
}
