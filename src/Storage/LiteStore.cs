using LiteDB;
using LiteDB.Engine;
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
internal sealed class LiteStore : IDisposable
{
    private readonly ILiteCollection<Contact> _contacts;
    private readonly ILiteCollection<Session> _sessions;
    private readonly ILiteCollection<InboundLogEntry> _inbound;
    private readonly ILiteCollection<OutboxMessage> _outbox;
    private readonly ILiteCollection<ChannelState> _channelStates;
    private readonly ILiteCollection<UrnOwner> _urns;
    private readonly ILiteCollection<CursorDocument> _cursors;
    private readonly ILiteCollection<RetiredContactIds> _retiredIds;
    private readonly ILiteCollection<WindowClosureDocument> _windowClosures;
    private readonly ILiteCollection<KeptReportDocument> _keptReports;
    private readonly ILiteCollection<CounterDocument> _counters;
    private readonly ILiteCollection<QuizAttempt> _quizAttempts;
    private int _ownerThread;

    public LiteDatabase Database => Guard(_database);
    private readonly LiteDatabase _database;
    public ILiteCollection<Contact> Contacts => Guard(_contacts);
    public ILiteCollection<Session> Sessions => Guard(_sessions);
    public ILiteCollection<InboundLogEntry> Inbound => Guard(_inbound);
    public ILiteCollection<OutboxMessage> Outbox => Guard(_outbox);
    public ILiteCollection<ChannelState> ChannelStates => Guard(_channelStates);
    public ILiteCollection<UrnOwner> Urns => Guard(_urns);
    public ILiteCollection<CursorDocument> Cursors => Guard(_cursors);
    public ILiteCollection<RetiredContactIds> RetiredIds => Guard(_retiredIds);
    public ILiteCollection<WindowClosureDocument> WindowClosures => Guard(_windowClosures);
    public ILiteCollection<KeptReportDocument> KeptReports => Guard(_keptReports);
    public ILiteCollection<CounterDocument> Counters => Guard(_counters);
    public ILiteCollection<QuizAttempt> QuizAttempts => Guard(_quizAttempts);

    /// <summary>The same collections as BsonDocuments, for documents mapped off the storage thread (see <see cref="Mapper"/>).</summary>
    public ILiteCollection<BsonDocument> RawContacts => Guard(_rawContacts);
    public ILiteCollection<BsonDocument> RawSessions => Guard(_rawSessions);
    public ILiteCollection<BsonDocument> RawInbound => Guard(_rawInbound);
    public ILiteCollection<BsonDocument> RawOutbox => Guard(_rawOutbox);
    public ILiteCollection<BsonDocument> RawQuizAttempts => Guard(_rawQuizAttempts);
    private readonly ILiteCollection<BsonDocument> _rawContacts, _rawSessions, _rawInbound, _rawOutbox, _rawQuizAttempts;

    /// <summary>Mapper: the store's BsonMapper, usable on any thread once built (see <see cref="LiteDb.MapperWarmUp"/>), so callers map their own documents and the one storage thread does only page work.</summary>
    public BsonMapper Mapper { get; }

    /// <summary>Which contact owns a URN, as last read or written on the storage thread (a hint; see <see cref="UrnCache"/>).</summary>
    public UrnCache UrnOwners => Guard(_urnOwners);
    private readonly UrnCache _urnOwners = new();

    /// <summary>Change stamps of contacts, for the write's changed-since-read check (see <see cref="ContactVersions"/>).</summary>
    public ContactVersions ContactVersions => Guard(_contactVersions);

    /// <summary>The same stamps for readers on other threads, which may only call <see cref="ContactVersions.Of"/>.</summary>
    public ContactVersions ContactVersionsForReaders => _contactVersions;
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

    /// <summary>LiteStore opens (or creates) the LiteDB file at <paramref name="path"/>, after taking its <see cref="DataFileLock"/>.</summary>
    /// <param name="path">The data file; its folder is created.</param>
    /// <param name="fsync">How the log is flushed to disk after each commit (see <see cref="LogFileSync"/>); tests count or fail it.</param>
    public LiteStore(string path, Action<FileStream>? fsync = null) : this(path, fsync, openFile: null) { }

    /// <summary>LiteStore with <paramref name="openFile"/> opening the data and log files as streams (a test's failing disk).</summary>
    internal LiteStore(string path, Action<FileStream>? fsync, Func<string, Stream>? openFile)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);

        FileLock = DataFileLock.Acquire(path);
        try
        {
            // The same engine that new LiteDatabase(connection string, Direct) builds; kept to close it after a failure.
            var settings = new EngineSettings { Filename = path };
            if (openFile is not null)
            {
                _streams = [openFile(path), openFile(LogFileSync.LogPathOf(path))];
                settings = new EngineSettings { DataStream = _streams[0], LogStream = _streams[1] };
            }
            _engine = new LiteEngine(settings);
            Mapper = CreateMapper();
            _database = new LiteDatabase(_engine, Mapper);
            // A commit is made durable by fsyncing the log (LogFileSync); LiteDB's size-triggered checkpoint (1,000
            // pages, its default) then moves the log into the data file now and then, on the storage thread.
            _log = new LogFileSync(path, fsync);

            _contacts = _database.GetCollection<Contact>("contacts", BsonAutoId.Int64);
            _sessions = _database.GetCollection<Session>("sessions");
            _inbound = _database.GetCollection<InboundLogEntry>("inbound");
            _outbox = _database.GetCollection<OutboxMessage>("outbox", BsonAutoId.Int64);
            _channelStates = _database.GetCollection<ChannelState>("channel_state");
            _urns = _database.GetCollection<UrnOwner>("urns");
            _cursors = _database.GetCollection<CursorDocument>("cursors");
            _retiredIds = _database.GetCollection<RetiredContactIds>("retired_contact_ids");
            _windowClosures = _database.GetCollection<WindowClosureDocument>("whatsapp_window_closures");
            _keptReports = _database.GetCollection<KeptReportDocument>("early_reports");
            _counters = _database.GetCollection<CounterDocument>("counters");
            _quizAttempts = _database.GetCollection<QuizAttempt>("quiz_attempts");
            _rawContacts = _database.GetCollection("contacts", BsonAutoId.Int64);
            _rawSessions = _database.GetCollection("sessions");
            _rawInbound = _database.GetCollection("inbound");
            _rawOutbox = _database.GetCollection("outbox", BsonAutoId.Int64);
            _rawQuizAttempts = _database.GetCollection("quiz_attempts");
            EnsureIndexes();
            LiteDb.LegacyChannelStates.MoveToTypedCollections(this);
        }
        catch
        {
            _database?.Dispose();
            foreach (var stream in _streams) stream.Dispose();
            FileLock.Dispose();
            throw;
        }
    }

    private void EnsureIndexes()
    {
        // Only what queries filter on: every index is one more tree each insert and status change updates on
        // the one storage thread. A contact's history is found by its URNs (merges), not by contact id.
        Inbound.EnsureIndex(e => e.Urn);
        QuizAttempts.EnsureIndex(a => a.ContentId); // the indicators read one quiz's attempts
        QuizAttempts.EnsureIndex(a => a.ContactId); // a merge moves the folded contact's attempts
        Inbound.EnsureIndex(e => e.ReceivedAt); // retention (RetentionRepository); set once per insert, never updated
        Outbox.EnsureIndex(m => m.Status);
        Outbox.EnsureIndex(m => m.GroupId);
        Outbox.EnsureIndex(m => m.ProviderId);
        Outbox.EnsureIndex(m => m.Urn);
        Outbox.DropIndex(nameof(OutboxMessage.ContactId));
        // Due times and lanes live in memory (the delivery queues), so Priority and NextAttemptAt need no index; files
        // made before this dropped them keep working, the extra trees are just removed.
        Outbox.DropIndex(nameof(OutboxMessage.Priority));
        Outbox.DropIndex(nameof(OutboxMessage.NextAttemptAt));
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
        LiteDb.MapperWarmUp.BuildAll(mapper, StoredTypes);
        return mapper;
    }

    /// <summary>StoredTypes: the type of each collection's documents; everything stored is one of these or inside one.</summary>
    internal static readonly Type[] StoredTypes =
    [
        typeof(Contact), typeof(Session), typeof(InboundLogEntry), typeof(OutboxMessage), typeof(ChannelState), typeof(UrnOwner),
        typeof(CursorDocument), typeof(RetiredContactIds), typeof(WindowClosureDocument), typeof(KeptReportDocument),
        typeof(CounterDocument), typeof(QuizAttempt),
    ];

    /// <summary>MakeDurable fsyncs what the last commit wrote; call it on the storage thread after each commit.</summary>
    public void MakeDurable()
    {
        // Before the first commit there is no log yet; a checkpoint then makes the data file durable instead.
        if (!Guard(_log).Sync()) _database.Checkpoint();
    }

    private readonly LogFileSync _log;
    private readonly LiteEngine _engine;
    private readonly Stream[] _streams = [];

    /// <summary>FileLock: this process's hold on the data file; the host publishes its URLs through it.</summary>
    public DataFileLock FileLock { get; }

    /// <summary>Abandon closes LiteDB after a storage failure the way LiteDB closes itself after an I/O error: without its closing checkpoint.</summary>
    /// <remarks>
    /// A normal close checkpoints, copying the log into the data file. After a failed commit or fsync LiteDB's memory no
    /// longer matches the disk, so nothing more may be written: the next start replays what the log really holds.
    /// That close is internal to LiteDB 5.0.21 (LiteEngine.Close(Exception)); false when a later version dropped it.
    /// A transaction left half committed cannot be disposed ("discarded page must be writable"), and its finalizer
    /// would throw the same on the finalizer thread and crash the process; so its finalizer is cancelled here.
    /// LiteDB may also keep a handle of the log open until the process exits, which it is about to do.
    /// </remarks>
    internal bool Abandon(Exception cause)
    {
        var transactions = OpenTransactions();
        try
        {
            if (CloseAfterError is null) return false;
            CloseAfterError.Invoke(_engine, [cause]);
            return true;
        }
        finally
        {
            foreach (var transaction in transactions) GC.SuppressFinalize(transaction);
        }
    }

    /// <summary>OpenTransactions lists LiteDB's open transactions (TransactionMonitor._transactions), or none if it has no such field.</summary>
    private object[] OpenTransactions()
    {
        var monitor = EngineMonitor?.GetValue(_engine);
        var open = monitor?.GetType().GetField("_transactions", PrivateField)?.GetValue(monitor) as System.Collections.IDictionary;
        return open is null ? [] : [.. open.Values.Cast<object>()];
    }

    private const System.Reflection.BindingFlags PrivateField = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic;
    private static readonly System.Reflection.FieldInfo? EngineMonitor = typeof(LiteEngine).GetField("_monitor", PrivateField);
    private static readonly System.Reflection.MethodInfo? CloseAfterError = typeof(LiteEngine).GetMethod("Close", PrivateField, [typeof(Exception)]);

    public void Dispose()
    {
        _database.Dispose();
        foreach (var stream in _streams) stream.Dispose();
        _log.Dispose();
        FileLock.Dispose();
    }
}
