using LiteDB;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage;

/// <summary>LiteStore: the one open LiteDB file of the process, its collections and indexes.</summary>
/// <remarks>Reads may use the collections from any thread; every write must go through <see cref="StorageWriter"/>.</remarks>
public sealed class LiteStore : IDisposable
{
    public LiteDatabase Database { get; }
    public ILiteCollection<Contact> Contacts { get; }
    public ILiteCollection<Session> Sessions { get; }
    public ILiteCollection<InboundLogEntry> Inbound { get; }
    public ILiteCollection<OutboxMessage> Outbox { get; }
    public ILiteCollection<ChannelState> ChannelStates { get; }

    public LiteStore(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);

        Database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, CreateMapper());
        // Checkpoints are taken by the writer after each group commit (that is what makes a commit durable);
        // LiteDB's own size-triggered checkpoint would only add a second, unsynchronised one.
        Database.CheckpointSize = 0;

        Contacts = Database.GetCollection<Contact>("contacts", BsonAutoId.Int64);
        Sessions = Database.GetCollection<Session>("sessions");
        Inbound = Database.GetCollection<InboundLogEntry>("inbound");
        Outbox = Database.GetCollection<OutboxMessage>("outbox", BsonAutoId.Int64);
        ChannelStates = Database.GetCollection<ChannelState>("channel_state");

        // LiteDB cannot make a multikey index unique; the pipeline keeps one owner per URN (it merges by phone).
        Contacts.EnsureIndex("urns", "$.Urns[*]");
        Contacts.EnsureIndex(c => c.Phone);
        Outbox.EnsureIndex(m => m.Status);
        Outbox.EnsureIndex(m => m.GroupId);
        Outbox.EnsureIndex(m => m.ProviderId);
        Outbox.EnsureIndex(m => m.ContactId);
    }

    /// <summary>CreateMapper maps our documents; time is kept as UTC ticks so no precision or offset is lost.</summary>
    private static BsonMapper CreateMapper()
    {
        // LiteDB trims strings and turns "" into null by default; a message must be stored exactly as it came.
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        mapper.RegisterType<DateTimeOffset>(
            value => new BsonValue(value.UtcTicks),
            bson => new DateTimeOffset(bson.AsInt64, TimeSpan.Zero));
        mapper.Entity<Session>().Id(s => s.ContactId, autoId: false);
        return mapper;
    }

    public void Dispose() => Database.Dispose();
}
