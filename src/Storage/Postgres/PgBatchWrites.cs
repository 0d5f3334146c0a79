using Npgsql;
using NpgsqlTypes;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgBatchWrites: a group commit's writes in a few round trips for the whole batch, instead of several per message.</summary>
/// <remarks>
/// Inside a transaction that holds every advisory lock of the batch, one round trip reads what each write must check
/// (is its message stored before? is its contact still at the stamp it was read at, locking the contact rows so a
/// delivery block cannot slip in between? does a new contact's URN have an owner now?), and one or two more store every
/// write that passed. A write that shares a lock key with another write of the batch, sets a phone (and may merge), or
/// is a redelivery (whose still-queued replies must be read) takes the one-by-one path afterwards, in the same
/// transaction, so it sees what the others stored.
/// </remarks>
internal static class PgBatchWrites
{
    /// <summary>Checks: what the batch read for its writes' checks.</summary>
    private sealed record Checks(HashSet<(string Channel, string ProviderId)> Seen, Dictionary<long, long> Versions, HashSet<string> OwnedUrns);

    /// <summary>ApplyAsync applies the batch's writes and returns each one's result, in order, and whether it committed the
    /// transaction too; when it did not, the caller commits.</summary>
    /// <param name="keys">Every advisory lock the batch needs, sorted: taken first, in the same round trip as the checks.</param>
    /// <remarks>When nothing is left to do one by one after the batch's rows are stored, the COMMIT goes in the same round
    /// trip as the rows: one round trip less for every group commit. A statement that fails makes the server skip the rest
    /// of the round trip, COMMIT included, and the failure reaches the caller, which rolls back as before.</remarks>
    public static async Task<(ConversationWriteResult[] Results, bool Committed)> ApplyAsync(NpgsqlConnection c, NpgsqlTransaction t, IReadOnlyList<string> keys, IReadOnlyList<ConversationWrite> writes)
    {
        var results = new ConversationWriteResult[writes.Count];
        var sharesKeys = SharesKeys(writes);
        var checks = await LockAndCheckAsync(c, t, keys, writes).ConfigureAwait(false);
        var storing = new List<int>();
        var oneByOne = new List<int>();
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            if (sharesKeys[i] || PgConversationWrites.PhoneChanged(write)
                || checks.Seen.Contains((PgText.Storable(write.Inbound.Channel), PgText.Storable(write.Inbound.ProviderId))))
                oneByOne.Add(i);
            else if (Changed(write, checks))
                results[i] = new ConversationWriteResult(WriteOutcome.Stale, write.Contact.Id, []);
            else
                storing.Add(i);
        }

        var committed = storing.Count > 0 && oneByOne.Count == 0;
        await StoreAsync(c, t, [.. storing.Select(i => writes[i])], committed).ConfigureAwait(false);
        // The contact rows were locked at their stamps (a new contact starts at 1), and each upsert adds one.
        foreach (var i in storing)
            results[i] = new ConversationWriteResult(WriteOutcome.Stored, writes[i].Contact.Id, []) { StoredVersion = writes[i].ReadAs is null ? 1 : writes[i].ReadVersion + 1 };
        foreach (var i in oneByOne) results[i] = await PgConversationWrites.ApplyAsync(c, t, writes[i]).ConfigureAwait(false);
        return (results, committed);
    }

    /// <summary>SharesKeys marks the writes that share a lock key with another write of the batch: they must see each other's effects.</summary>
    private static bool[] SharesKeys(IReadOnlyList<ConversationWrite> writes)
    {
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = writes.Select(w => PgConversationWrites.LockKeys(w).Distinct(StringComparer.Ordinal).ToList()).ToList();
        foreach (var key in keys.SelectMany(k => k)) uses[key] = uses.GetValueOrDefault(key) + 1;
        return [.. keys.Select(k => k.Any(key => uses[key] > 1))];
    }

    /// <summary>ContactsRead: the contacts a write's step was computed from, whose stamps it checks.</summary>
    private static IEnumerable<long> ContactsRead(ConversationWrite write)
    {
        if (write.ReadAs is { } read) yield return read.Id;
        if (write.PhoneOwnerRead is { } owner) yield return owner.Id;
    }

    private static bool Changed(ConversationWrite write, Checks checks)
    {
        if (write.ReadAs is null) return checks.OwnedUrns.Contains(PgText.Storable(write.Inbound.Urn));
        if (!checks.Versions.TryGetValue(write.ReadAs.Id, out var version) || version != write.ReadVersion) return true;
        return write.PhoneOwnerRead is { } owner && (!checks.Versions.TryGetValue(owner.Id, out var ownerVersion) || ownerVersion != owner.Version);
    }

    /// <summary>SeenSql: which (channel, provider id) pairs of the arrays $1, $2 the inbound log holds.</summary>
    /// <remarks>One primary-key probe per message (see <see cref="PgConversationStore.LoadManySql"/> for why LATERAL with
    /// LIMIT): as a semi-join, a plan made while the log was small hashed the batch and scanned the whole log (31,723 rows for
    /// 21 messages, seen in the pipeline benchmark).</remarks>
    internal const string SeenSql =
        "SELECT w.channel, w.provider_id FROM unnest($1::text[], $2::text[]) AS w(channel, provider_id) " +
        "CROSS JOIN LATERAL (SELECT 1 FROM inbound i WHERE i.channel = w.channel AND i.provider_id = w.provider_id LIMIT 1) AS seen";

    /// <summary>OwnedSql: which URNs of $1 have an owner; one primary-key probe per URN, as <see cref="SeenSql"/>.</summary>
    internal const string OwnedSql =
        "SELECT q.urn FROM unnest($1::text[]) AS q(urn) CROSS JOIN LATERAL (SELECT 1 FROM urns u WHERE u.urn = q.urn LIMIT 1) AS owned";

    /// <summary>LockAndCheckAsync takes the locks and reads, in one round trip, which messages are stored, the contacts' stamps (locking their rows) and which new URNs have owners.</summary>
    /// <remarks>A batch runs its statements in order, so the locks are held before anything is read.</remarks>
    private static async Task<Checks> LockAndCheckAsync(NpgsqlConnection c, NpgsqlTransaction t, IReadOnlyList<string> keys, IReadOnlyList<ConversationWrite> writes)
    {
        var contactIds = writes.SelectMany(ContactsRead).Distinct().Order().ToArray();
        var newUrns = writes.Where(w => w.ReadAs is null).Select(w => PgText.Storable(w.Inbound.Urn)).Distinct().ToArray();
        await using var batch = new NpgsqlBatch(c, t);
        // Every lock in one statement: unnest yields the keys in the array's (sorted) order, and each row takes its lock in turn.
        if (keys.Count > 0) batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k", (object)keys.ToArray()));
        batch.BatchCommands.Add(Command(SeenSql,
            writes.Select(w => PgText.Storable(w.Inbound.Channel)).ToArray(), writes.Select(w => PgText.Storable(w.Inbound.ProviderId)).ToArray()));
        batch.BatchCommands.Add(Command("SELECT id, version FROM contacts WHERE id = ANY($1) ORDER BY id FOR UPDATE", contactIds));
        batch.BatchCommands.Add(Command(OwnedSql, (object)newUrns));

        var checks = new Checks([], [], new HashSet<string>(StringComparer.Ordinal));
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        if (keys.Count > 0) await reader.NextResultAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false)) checks.Seen.Add((reader.GetString(0), reader.GetString(1)));
        await reader.NextResultAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false)) checks.Versions[reader.GetInt64(0)] = reader.GetInt64(1);
        await reader.NextResultAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false)) checks.OwnedUrns.Add(reader.GetString(0));
        return checks;
    }

    /// <summary>StoreAsync stores the writes that passed their checks, their rows and their replies (ids back, announced),
    /// and when <paramref name="commit"/> says so commits, in one round trip.</summary>
    private static async Task StoreAsync(NpgsqlConnection c, NpgsqlTransaction t, List<ConversationWrite> writes, bool commit)
    {
        if (writes.Count == 0) return;
        await using var batch = new NpgsqlBatch(c, t);
        PgConversationWrites.AddRows(batch, [.. writes.Select(w => (w, w.Contact))], urnsKnown: true);
        var replies = writes.SelectMany(w => w.Outbox.Select(m => { m.ContactId = w.Contact.Id; return m; })).ToList();
        await PgOutboxRows.ExecuteThenInsertAsync(batch, replies, CancellationToken.None, commit ? new NpgsqlBatchCommand("COMMIT") : null).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
