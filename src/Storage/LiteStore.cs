using LiteDB;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage;

/// <summary>LiteStore: the one open LiteDB file of the process, its collections and indexes.</summary>
/// <remarks>
/// Once a <see cref="StorageWriter"/> owns the store, every access, reads included, must run on its thread
/// (<see cref="StorageWriter.ReadAsync{T}"/>, <see cref="StorageWriter.WriteAsync{T}"/>): LiteDB 5.0.21 hands a
/// reader pages that a concurrent checkpoint has just moved ("page type must be collection page") and then
/// closes the file. The collections check the calling thread and throw rather than risk that.
/// </remarks>
public sealed class LiteStore : IDisposable
{
    private readonly ILiteCollection<Contact> _contacts;
    private readonly ILiteCollection<Session> _sessions;
    private readonly ILiteCollection<InboundLogEntry> _inbound;
    private readonly ILiteCollection<OutboxMessage> _outbox;
    private readonly ILiteCollection<ChannelState> _channelStates;
    private readonly ILiteCollection<UrnOwner> _urns;
    private int _ownerThread;

    public LiteDatabase Database => Guard(_database);
    private readonly LiteDatabase _database;
    public ILiteCollection<Contact> Contacts => Guard(_contacts);
    public ILiteCollection<Session> Sessions => Guard(_sessions);
    public ILiteCollection<InboundLogEntry> Inbound => Guard(_inbound);
    public ILiteCollection<OutboxMessage> Outbox => Guard(_outbox);
    public ILiteCollection<ChannelState> ChannelStates => Guard(_channelStates);
    public ILiteCollection<UrnOwner> Urns => Guard(_urns);

    /// <summary>Which contact owns a URN, as last read or written on the storage thread (a hint; see <see cref="UrnCache"/>).</summary>
    public UrnCache UrnOwners => Guard(_urnOwners);
    private readonly UrnCache _urnOwners = new();

    /// <summary>Change stamps of contacts, for the write's changed-since-read check (see <see cref="ContactVersions"/>).</summary>
    public ContactVersions ContactVersions => Guard(_contactVersions);
    private readonly ContactVersions _contactVersions = new();

    /// <summary>Own binds the store to the calling thread (the writer's); 0 releases it.</summary>
    internal void Own(int threadId) => _ownerThread = threadId;

    private T Guard<T>(T value)
    {
        var owner = _ownerThread;
        if (owner != 0 && owner != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException("LiteStore was used outside the storage thread; use StorageWriter.ReadAsync or WriteAsync.");
        return value;
    }

    public LiteStore(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);

        _database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, CreateMapper());
        // A commit is made durable by fsyncing the log (LogFileSync); LiteDB's size-triggered checkpoint (1,000
        // pages, its default) then moves the log into the data file now and then, on the storage thread.
        _log = new LogFileSync(path);

        _contacts = _database.GetCollection<Contact>("contacts", BsonAutoId.Int64);
        _sessions = _database.GetCollection<Session>("sessions");
        _inbound = _database.GetCollection<InboundLogEntry>("inbound");
        _outbox = _database.GetCollection<OutboxMessage>("outbox", BsonAutoId.Int64);
        _channelStates = _database.GetCollection<ChannelState>("channel_state");
        _urns = _database.GetCollection<UrnOwner>("urns");

        // Only what queries filter on: every index is one more tree each insert and status change updates on
        // the one storage thread. A contact's history is found by its URNs (merges), not by contact id.
        Inbound.EnsureIndex(e => e.Urn);
        Outbox.EnsureIndex(m => m.Status);
        Outbox.EnsureIndex(m => m.GroupId);
        Outbox.EnsureIndex(m => m.ProviderId);
        Outbox.EnsureIndex(m => m.Urn);
        Outbox.DropIndex(nameof(OutboxMessage.ContactId));
    }

    /// <summary>CreateMapper maps our documents; time is kept as UTC ticks so no precision or offset is lost.</summary>
    internal static BsonMapper CreateMapper()
    {
        // LiteDB trims strings and turns "" into null by default; a message must be stored exactly as it came.
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        mapper.RegisterType<DateTimeOffset>(
            value => new BsonValue(value.UtcTicks),
            bson => new DateTimeOffset(bson.AsInt64, TimeSpan.Zero));
        mapper.Entity<Session>().Id(s => s.ContactId, autoId: false);
        return mapper;
    }

    /// <summary>MakeDurable fsyncs what the last commit wrote; call it on the storage thread after each commit.</summary>
    public void MakeDurable()
    {
        // Before the first commit there is no log yet; a checkpoint then makes the data file durable instead.
        if (!Guard(_log).Sync()) _database.Checkpoint();
    }

    private readonly LogFileSync _log;

    public void Dispose()
    {
        _database.Dispose();
        _log.Dispose();
    }
}
