using Npgsql;
using NpgsqlTypes;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
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
public sealed class PgConversationStore(NpgsqlDataSource data) : IConversationStore, IAsyncDisposable
{
    private readonly PgWriteBatcher _batcher = new(data);
    private readonly PgRecentConversations _recent = new();

    /// <remarks>
    /// One round trip either way: when this instance wrote the contact last (<see cref="PgRecentConversations"/>) the
    /// server only confirms its owner and stamp and sends no documents; otherwise, or when another write came between,
    /// it sends them.
    /// </remarks>
    public async Task<ConversationSnapshot> LoadAsync(string urn)
    {
        var known = _recent.TryGet(urn, out var entry) ? entry : null;
        await using var command = data.CreateCommand(
            "SELECT c.id, c.version, s.contact_id IS NOT NULL, " +
            "CASE WHEN c.id = $2 AND c.version = $3 THEN NULL ELSE c.doc::text END, CASE WHEN c.id = $2 AND c.version = $3 THEN NULL ELSE s.doc::text END " +
            "FROM urns u JOIN contacts c ON c.id = u.contact_id LEFT JOIN sessions s ON s.contact_id = c.id WHERE u.urn = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = PgText.Storable(urn) });
        command.Parameters.Add(new NpgsqlParameter { Value = known?.ContactId ?? -1L });
        command.Parameters.Add(new NpgsqlParameter { Value = known?.Version ?? -1L });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false)) return new ConversationSnapshot(null, null);
        var (id, version) = (reader.GetInt64(0), reader.GetInt64(1));
        if (known is not null && known.ContactId == id && known.Version == version)
            return new ConversationSnapshot(known.Contact.Clone(), known.Session.Clone(), version);
        var contact = PgDocuments.ReadContact(reader.GetString(3));
        var session = reader.GetBoolean(2) ? PgDocuments.ReadSession(reader.GetString(4)) : new Session { ContactId = contact.Id };
        return new ConversationSnapshot(contact, session, version);
    }

    public async Task<PhoneOwner?> FindPhoneOwnerAsync(string phone, long contactId)
    {
        await using var connection = await data.OpenConnectionAsync().ConfigureAwait(false);
        return await FindOwnerAsync(connection, null, phone, contactId).ConfigureAwait(false);
    }

    public async Task<long> NextContactIdAsync()
    {
        await using var connection = await data.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT nextval('contact_ids')", connection);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    /// <summary>WriteAsync joins the next group commit (see <see cref="PgWriteBatcher"/>).</summary>
    public async Task<ConversationWriteResult> WriteAsync(ConversationWrite write)
    {
        var result = await _batcher.WriteAsync(write).ConfigureAwait(false);
        if (result.Outcome == WriteOutcome.Stored && result.StoredVersion is { } version) _recent.Put(write.Contact, write.Session, version);
        return result;
    }

    public ValueTask DisposeAsync() => _batcher.DisposeAsync();

    /// <summary>Commits: write transactions committed so far.</summary>
    internal long Commits => _batcher.Commits;

    /// <summary>ApplyAsync does one write inside a transaction that already holds its <see cref="LockKeys"/>.</summary>
    internal static async Task<ConversationWriteResult> ApplyAsync(NpgsqlConnection c, NpgsqlTransaction t, ConversationWrite write)
    {
        var inbound = write.Inbound;
        var contact = write.Contact;
        var phoneChanged = PhoneChanged(write);

        if (await SeenAsync(c, t, inbound).ConfigureAwait(false) is { } seenBy)
            return new ConversationWriteResult(WriteOutcome.Redelivery, seenBy, await StillQueuedAsync(c, t, inbound.Id).ConfigureAwait(false));
        if (await ChangedSinceReadAsync(c, t, write).ConfigureAwait(false))
            return new ConversationWriteResult(WriteOutcome.Stale, contact.Id, []);

        var session = write.Session;
        var twin = phoneChanged ? (await FindOwnerAsync(c, t, contact.Phone!, contact.Id).ConfigureAwait(false))?.Contact : null;
        var urnsKnown = twin is null;
        if (twin is not null)
        {
            var (survivor, merged) = twin.Id < contact.Id ? (twin, contact) : (contact, twin);
            ContactMerge.Fold(survivor, merged);
            await ExecuteAsync(c, t,
                "UPDATE inbound SET contact_id = $1 WHERE contact_id = $2; UPDATE outbox SET contact_id = $1 WHERE contact_id = $2; " +
                "UPDATE urns SET contact_id = $1 WHERE contact_id = $2; UPDATE quiz_attempts SET contact_id = $1 WHERE contact_id = $2; " +
                "DELETE FROM contacts WHERE id = $2; DELETE FROM sessions WHERE contact_id = $2",
                survivor.Id, merged.Id).ConfigureAwait(false);
            session.ContactId = survivor.Id;
            contact = survivor;
        }
        else if (phoneChanged && !contact.Urns.Contains("tel:" + contact.Phone))
        {
            contact.Urns.Add("tel:" + contact.Phone);
        }

        await using (var batch = new NpgsqlBatch(c, t))
        {
            AddRows(batch, write, contact, urnsKnown);
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        foreach (var message in write.Outbox) message.ContactId = contact.Id;
        await PgOutboxRows.InsertAsync(c, t, write.Outbox, CancellationToken.None).ConfigureAwait(false);
        return new ConversationWriteResult(WriteOutcome.Stored, contact.Id, []);
    }

    /// <summary>AddRows adds what a write stores but its replies: the inbound row, the contact and its new URNs, the session, its quiz attempts, and on a STOP the failing of what was queued.</summary>
    internal static void AddRows(NpgsqlBatch batch, ConversationWrite write, Contact contact, bool urnsKnown)
    {
        var inbound = write.Inbound;
        inbound.ContactId = contact.Id;
        batch.BatchCommands.Add(Command(
            "INSERT INTO inbound (channel, provider_id, contact_id, urn, text, kind, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            PgText.Storable(inbound.Channel), PgText.Storable(inbound.ProviderId), inbound.ContactId, PgText.Storable(inbound.Urn), PgText.Storable(inbound.Text), inbound.Kind, inbound.ReceivedAt.ToUniversalTime()));
        batch.BatchCommands.Add(SaveContact(contact));
        foreach (var urn in contact.Urns)
        {
            if (urnsKnown && write.KnownUrns.Contains(urn)) continue;
            batch.BatchCommands.Add(Command(
                "INSERT INTO urns (urn, contact_id) VALUES ($1, $2) ON CONFLICT (urn) DO UPDATE SET contact_id = excluded.contact_id " +
                "WHERE urns.contact_id <> excluded.contact_id", urn, contact.Id));
        }
        batch.BatchCommands.Add(Command(
            "INSERT INTO sessions (contact_id, doc) VALUES ($1, $2) ON CONFLICT (contact_id) DO UPDATE SET doc = excluded.doc",
            write.Session.ContactId, Jsonb(PgDocuments.Write(write.Session))));
        foreach (var attempt in write.Attempts) batch.BatchCommands.Add(PgQuizAttempts.Upsert(attempt, contact.Id));
        if (contact.Status == ContactStatus.Stopped && write.ReadAs?.Status != ContactStatus.Stopped)
        {
            batch.BatchCommands.Add(Command(
                "UPDATE outbox SET status = $1, lease_until = NULL, error_code = $2, error = $3 " +
                "WHERE contact_id = $4 AND status = $5 AND in_reply_to IS DISTINCT FROM $6",
                (short)OutboxStatus.Failed, OutboxOptOut.StoppedCode, OutboxOptOut.StoppedQueuedReason, contact.Id, (short)OutboxStatus.Queued, inbound.Id));
        }
    }

    internal static bool PhoneChanged(ConversationWrite write) => write.Contact.Phone is not null && write.Contact.Phone != write.KnownPhone;

    /// <summary>LockKeys: what a write must hold alone (its URN, its contact, the phone's owner, the phone it sets).</summary>
    internal static IEnumerable<string> LockKeys(ConversationWrite write)
    {
        yield return "urn:" + write.Inbound.Urn;
        yield return "contact:" + write.Contact.Id;
        if (write.PhoneOwnerRead is { } owner) yield return "contact:" + owner.Id;
        if (PhoneChanged(write)) yield return "phone:" + write.Contact.Phone;
    }

    private static async Task<long?> SeenAsync(NpgsqlConnection c, NpgsqlTransaction t, InboundLogEntry inbound)
    {
        await using var command = new NpgsqlCommand("SELECT contact_id FROM inbound WHERE channel = $1 AND provider_id = $2", c, t)
        { Parameters = { new() { Value = PgText.Storable(inbound.Channel) }, new() { Value = PgText.Storable(inbound.ProviderId) } } };
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as long?;
    }

    /// <summary>StillQueuedAsync: the replies a first handling stored that delivery may never have heard of (its acknowledgement was lost).</summary>
    private static async Task<List<OutboxMessage>> StillQueuedAsync(NpgsqlConnection c, NpgsqlTransaction t, string inboundId)
    {
        await using var command = new NpgsqlCommand($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE in_reply_to = $1 AND status = $2 ORDER BY id", c, t)
        { Parameters = { new() { Value = PgText.Storable(inboundId) }, new() { Value = (short)OutboxStatus.Queued } } };
        var rows = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false)) rows.Add(PgOutboxRows.Read(reader));
        return rows;
    }

    private static async Task<bool> ChangedSinceReadAsync(NpgsqlConnection c, NpgsqlTransaction t, ConversationWrite write)
    {
        if (write.ReadAs is null)
        {
            await using var owner = new NpgsqlCommand("SELECT 1 FROM urns WHERE urn = $1", c, t) { Parameters = { new() { Value = PgText.Storable(write.Inbound.Urn) } } };
            return await owner.ExecuteScalarAsync().ConfigureAwait(false) is not null;
        }
        if (await VersionAsync(c, t, write.ReadAs.Id).ConfigureAwait(false) != write.ReadVersion) return true;
        return write.PhoneOwnerRead is { } read && await VersionAsync(c, t, read.Id).ConfigureAwait(false) != read.Version;
    }

    private static async Task<long?> VersionAsync(NpgsqlConnection c, NpgsqlTransaction t, long contactId)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM contacts WHERE id = $1 FOR UPDATE", c, t) { Parameters = { new() { Value = contactId } } };
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as long?;
    }

    private static async Task<PhoneOwner?> FindOwnerAsync(NpgsqlConnection c, NpgsqlTransaction? t, string phone, long contactId)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.doc::text, c.version FROM unnest($1::text[]) WITH ORDINALITY AS w(urn, n) JOIN urns u ON u.urn = w.urn " +
            "JOIN contacts c ON c.id = u.contact_id WHERE c.id <> $2 ORDER BY w.n LIMIT 1", c, t)
        { Parameters = { new() { Value = new[] { "tel:" + phone, "whatsapp:" + phone } }, new() { Value = contactId } } };
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? new PhoneOwner(PgDocuments.ReadContact(reader.GetString(0)), reader.GetInt64(1)) : null;
    }

    private static NpgsqlBatchCommand SaveContact(Contact contact) => Command(
        "INSERT INTO contacts (id, version, status, phone, is_simulated, created_at, doc) VALUES ($1, 1, $2, $3, $4, $5, $6) " +
        "ON CONFLICT (id) DO UPDATE SET version = contacts.version + 1, status = excluded.status, phone = excluded.phone, " +
        "is_simulated = excluded.is_simulated, created_at = excluded.created_at, doc = excluded.doc",
        contact.Id, (short)contact.Status, (object?)contact.Phone ?? DBNull.Value, contact.IsSimulated, contact.CreatedAt.ToUniversalTime(),
        Jsonb(PgDocuments.Write(contact)));

    private static NpgsqlParameter Jsonb(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value is string text ? PgText.Storable(text) : value });
        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction t, string sql, long first, long second)
    {
        await using var batch = new NpgsqlBatch(c, t);
        foreach (var statement in sql.Split("; "))
            batch.BatchCommands.Add(Command(statement, first, second));
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
