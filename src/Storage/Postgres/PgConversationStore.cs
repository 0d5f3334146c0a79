using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgConversationStore: the conversation reads and the one atomic write per message on a PostgreSQL database shared by several instances.</summary>
/// <remarks>
/// Each write is one transaction, committed synchronously before the message is acknowledged. It first takes
/// transaction-level advisory locks on the sender's URN, the contact and, when the step set a phone, that phone, in a
/// fixed order (so two writes never wait on each other in a circle); so two messages of one contact, or a merge reached
/// through both URNs at once, are written one after the other even on different instances. Under the locks it checks,
/// as the embedded store does, that the message is new and that the contact (and the phone's owner) is still as read;
/// otherwise it stores nothing and says so, and the pipeline reads again and redoes the pure step.
/// </remarks>
public sealed class PgConversationStore : IConversationStore, IAsyncDisposable
{
    /// <summary>LoadBatch bounds the reads that share one round trip.</summary>
    public const int LoadBatch = 64;

    private readonly NpgsqlDataSource _data;
    private readonly PgWriteBatcher _batcher;
    private readonly PgRecentConversations _recent;
    private readonly Coalescer<string, ConversationSnapshot> _loads;

    /// <param name="recent">This instance's copies of what it wrote last, shared with its <see cref="PgOutboxStore"/> so that a block it makes drops them.</param>
    public PgConversationStore(NpgsqlDataSource data, PgRecentConversations? recent = null)
    {
        _data = data;
        _recent = recent ?? new PgRecentConversations();
        _batcher = new PgWriteBatcher(data);
        // Two trips at once when reads pile up (half a batch waiting): a read never waits long behind one slow trip, and
        // a few reads wait for the trip in flight and share the next rather than taking a second trip of their own.
        _loads = new Coalescer<string, ConversationSnapshot>(LoadManyAsync, LoadBatch, trips: 2, joinAt: LoadBatch / 4);
    }

    /// <remarks>A trusted entry of <see cref="PgRecentConversations"/> is used as it is; other reads waiting at the same
    /// time share one round trip (see <see cref="LoadManyAsync"/>).</remarks>
    public Task<ConversationSnapshot> LoadAsync(string urn)
    {
        if (_recent.TryTrusted(urn, out var entry))
        {
            Interlocked.Increment(ref _trustedReads);
            return Task.FromResult(new ConversationSnapshot(entry.Contact.Clone(), entry.Session.Clone(), entry.Version));
        }
        return _loads.RunAsync(urn);
    }

    private long _trustedReads;

    /// <summary>TrustedReads: reads answered from this instance's own last write without asking the database, for tests and benchmarks.</summary>
    internal long TrustedReads => Interlocked.Read(ref _trustedReads);

    private long _staleWrites;

    /// <summary>StaleWrites: writes that found their contact changed since it was read (the step is then redone), for tests and benchmarks.</summary>
    internal long StaleWrites => Interlocked.Read(ref _staleWrites);

    /// <summary>LoadManySql: for each URN of $1 its contact's id, stamp and whether it has a session, and its documents unless
    /// the pair ($2, $3) of known ids and stamps holds that id at that stamp.</summary>
    /// <remarks>
    /// One primary-key look-up per URN, even in a plan made for smaller tables: with <c>urn = ANY($1)</c> the planner found
    /// scanning a few thousand URNs cheaper than the index and compared every row with every URN of the batch (seen as a
    /// sixth of the server's CPU in the pipeline benchmark). A LATERAL subquery with LIMIT is not flattened into a join, so
    /// each URN probes the index: a scan per URN would cost the whole table each time, which the planner prefers only for
    /// a table of a page or two (<c>PgLookupPlanTests</c>).
    /// </remarks>
    internal const string LoadManySql =
        "SELECT q.urn, r.id, r.version, r.has_session, k.id IS NOT NULL, " +
        "CASE WHEN k.id IS NULL THEN r.contact_doc::text END, CASE WHEN k.id IS NULL THEN r.session_doc::text END " +
        "FROM unnest($1::text[]) AS q(urn) " +
        "CROSS JOIN LATERAL (SELECT c.id, c.version, s.contact_id IS NOT NULL AS has_session, c.doc AS contact_doc, s.doc AS session_doc " +
        "FROM urns u JOIN contacts c ON c.id = u.contact_id LEFT JOIN sessions s ON s.contact_id = c.id WHERE u.urn = q.urn LIMIT 1) AS r " +
        "LEFT JOIN (SELECT DISTINCT id, version FROM unnest($2::bigint[], $3::bigint[]) AS k(id, version)) k ON k.id = r.id AND k.version = r.version";

    /// <summary>LoadManyAsync reads the conversations of <paramref name="urns"/> in one round trip, one snapshot per URN in order.</summary>
    /// <remarks>
    /// When this instance wrote a contact last (<see cref="PgRecentConversations"/>) the server only confirms its owner
    /// and stamp and sends no documents; otherwise, or when another write came between, it sends them. The URNs are
    /// looked up by primary key (<c>= ANY</c>), whatever the size of the table.
    /// </remarks>
    private async Task<IReadOnlyList<ConversationSnapshot>> LoadManyAsync(IReadOnlyList<string> urns)
    {
        var storable = urns.Select(PgText.Storable).ToArray();
        var known = urns.Select(u => _recent.TryGet(u, out var entry) ? entry : null).ToArray();
        var knownEntries = known.OfType<PgRecentConversations.Entry>().ToArray();
        // The generic plan, every time: the server's cost model, which takes an array parameter for 10 elements, would
        // otherwise judge a fresh plan for each batch cheaper and plan it again on every call (0.4 ms each, seen as most
        // of the server's planning). The same round trip sets and resets it: a batch is one implicit transaction, so a
        // read that fails rolls the setting back with it, and the connection goes back to the pool as it came.
        await using var batch = _data.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET plan_cache_mode = force_generic_plan"));
        var read = new NpgsqlBatchCommand(LoadManySql);
        read.Parameters.Add(new NpgsqlParameter { Value = storable });
        read.Parameters.Add(new NpgsqlParameter { Value = knownEntries.Select(e => e.ContactId).ToArray() });
        read.Parameters.Add(new NpgsqlParameter { Value = knownEntries.Select(e => e.Version).ToArray() });
        batch.BatchCommands.Add(read);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("RESET plan_cache_mode"));
        var rows = new Dictionary<string, (long Id, long Version, bool HasSession, bool Known, string? Contact, string? Session)>(StringComparer.Ordinal);
        // SET and RESET return no result, so the read's rows are the only ones; the reader runs the batch to its end when disposed.
        await using (var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
                rows[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3), reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        }
        var snapshots = new ConversationSnapshot[urns.Count];
        for (var i = 0; i < urns.Count; i++)
        {
            if (!rows.TryGetValue(storable[i], out var row)) { snapshots[i] = new ConversationSnapshot(null, null); continue; }
            if (known[i] is { } entry && entry.ContactId == row.Id && entry.Version == row.Version)
            {
                _recent.Confirm(urns[i], entry);
                snapshots[i] = new ConversationSnapshot(entry.Contact.Clone(), entry.Session.Clone(), row.Version);
                continue;
            }
            if (known[i] is not null) _recent.Refuted();
            // The stamp is another entry's (two URNs of one contact read at once), or nothing was known: the documents came.
            var contact = row.Contact is { } json ? PgDocuments.ReadContact(json) : null;
            if (contact is null) { snapshots[i] = await LoadOneAsync(storable[i]).ConfigureAwait(false); continue; }
            var session = row.HasSession && row.Session is { } sessionJson ? PgDocuments.ReadSession(sessionJson) : new Session { ContactId = contact.Id };
            snapshots[i] = new ConversationSnapshot(contact, session, row.Version);
        }
        return snapshots;
    }

    /// <summary>LoadOneAsync reads one conversation with its documents (the rare case where a batch left them out for another of its reads).</summary>
    private async Task<ConversationSnapshot> LoadOneAsync(string urn)
    {
        await using var command = _data.CreateCommand(
            "SELECT c.version, s.contact_id IS NOT NULL, c.doc::text, s.doc::text " +
            "FROM urns u JOIN contacts c ON c.id = u.contact_id LEFT JOIN sessions s ON s.contact_id = c.id WHERE u.urn = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = urn });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false)) return new ConversationSnapshot(null, null);
        var contact = PgDocuments.ReadContact(reader.GetString(2));
        var session = reader.GetBoolean(1) ? PgDocuments.ReadSession(reader.GetString(3)) : new Session { ContactId = contact.Id };
        return new ConversationSnapshot(contact, session, reader.GetInt64(0));
    }

    public async Task<PhoneOwner?> FindPhoneOwnerAsync(string phone, long contactId)
    {
        await using var connection = await _data.OpenConnectionAsync().ConfigureAwait(false);
        return await PgConversationWrites.FindOwnerAsync(connection, null, phone, contactId).ConfigureAwait(false);
    }

    public async Task<long> NextContactIdAsync()
    {
        await using var connection = await _data.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT nextval('contact_ids')", connection);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    /// <summary>WriteAsync joins the next group commit (see <see cref="PgWriteBatcher"/>), and keeps this instance's copies up to date with its outcome.</summary>
    public async Task<ConversationWriteResult> WriteAsync(ConversationWrite write)
    {
        var result = await _batcher.WriteAsync(write).ConfigureAwait(false);
        if (result.Outcome == WriteOutcome.Stale) Interlocked.Increment(ref _staleWrites);
        _recent.Written(write, result);
        return result;
    }

    public ValueTask DisposeAsync() => _batcher.DisposeAsync();

    /// <summary>Commits: write transactions committed so far.</summary>
    internal long Commits => _batcher.Commits;
}
