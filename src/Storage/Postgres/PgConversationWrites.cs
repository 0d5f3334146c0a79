using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgConversationWrites: the rows a conversation write stores, the locks it takes, and the write of one message
/// at a time (a redelivery, a write that sets a phone and may merge, or one sharing a lock with another of its batch).</summary>
/// <remarks>Always inside a transaction that holds the write's <see cref="LockKeys"/>; the batch's own path is <see cref="PgBatchWrites"/>.</remarks>
internal static class PgConversationWrites
{
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

        await using var batch = new NpgsqlBatch(c, t);
        AddRows(batch, [(write, contact)], urnsKnown);
        foreach (var message in write.Outbox) message.ContactId = contact.Id;
        await PgOutboxRows.ExecuteThenInsertAsync(batch, write.Outbox, CancellationToken.None).ConfigureAwait(false);
        return new ConversationWriteResult(WriteOutcome.Stored, contact.Id, []);
    }

    /// <summary>AddRows adds what the writes store but their replies: their inbound rows, contacts and new URNs, sessions, quiz attempts, and on a STOP the failing of what was queued.</summary>
    /// <param name="writes">Each write with the contact it stores (after a merge, the survivor); no two of the same contact.</param>
    internal static void AddRows(NpgsqlBatch batch, IReadOnlyList<(ConversationWrite Write, Contact Contact)> writes, bool urnsKnown)
    {
        foreach (var (write, contact) in writes) write.Inbound.ContactId = contact.Id;
        batch.BatchCommands.Add(PgConversationRows.Inbound([.. writes.Select(w => w.Write.Inbound)]));
        batch.BatchCommands.Add(PgConversationRows.Contacts([.. writes.Select(w => w.Contact)]));
        batch.BatchCommands.Add(PgConversationRows.Sessions([.. writes.Select(w => w.Write.Session)]));
        foreach (var (write, contact) in writes)
        {
            foreach (var urn in contact.Urns)
            {
                if (urnsKnown && write.KnownUrns.Contains(urn)) continue;
                batch.BatchCommands.Add(Command(
                    "INSERT INTO urns (urn, contact_id) VALUES ($1, $2) ON CONFLICT (urn) DO UPDATE SET contact_id = excluded.contact_id " +
                    "WHERE urns.contact_id <> excluded.contact_id", urn, contact.Id));
            }
            foreach (var attempt in write.Attempts) batch.BatchCommands.Add(PgQuizAttempts.Upsert(attempt, contact.Id));
            if (contact.Status == ContactStatus.Stopped && write.ReadAs?.Status != ContactStatus.Stopped)
            {
                batch.BatchCommands.Add(Command(
                    "UPDATE outbox SET status = $1, lease_until = NULL, error_code = $2, error = $3 " +
                    $"WHERE contact_id = $4 AND status = {PgOutboxRows.QueuedStatus} AND in_reply_to IS DISTINCT FROM $5",
                    (short)OutboxStatus.Failed, OutboxOptOut.StoppedCode, OutboxOptOut.StoppedQueuedReason, contact.Id, write.Inbound.Id));
            }
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
        // The status is written into the statement: a prepared statement's generic plan can use a partial index only
        // when the condition is in its text.
        await using var command = new NpgsqlCommand($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE in_reply_to = $1 AND status = {PgOutboxRows.QueuedStatus} ORDER BY id", c, t)
        { Parameters = { new() { Value = PgText.Storable(inboundId) } } };
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

    /// <summary>FindOwnerAsync: the contact other than <paramref name="contactId"/> that owns the phone by SMS or WhatsApp, with its stamp.</summary>
    internal static async Task<PhoneOwner?> FindOwnerAsync(NpgsqlConnection c, NpgsqlTransaction? t, string phone, long contactId)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.doc::text, c.version FROM unnest($1::text[]) WITH ORDINALITY AS w(urn, n) JOIN urns u ON u.urn = w.urn " +
            "JOIN contacts c ON c.id = u.contact_id WHERE c.id <> $2 ORDER BY w.n LIMIT 1", c, t)
        { Parameters = { new() { Value = new[] { "tel:" + phone, "whatsapp:" + phone } }, new() { Value = contactId } } };
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? new PhoneOwner(PgDocuments.ReadContact(reader.GetString(0)), reader.GetInt64(1)) : null;
    }

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
