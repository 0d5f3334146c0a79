using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Postgres;

namespace OutreachBot.Bench.Ceiling;

/// <summary>PostgresCeiling: the pipeline's writes straight into a new database with the service's schema, one round trip per transaction.</summary>
/// <remarks>
/// Per message what the service's conversation write stores: the advisory locks on its URN and contact (taken in
/// sorted order for the whole batch), the inbound row (its primary key is the dedupe), the contact upsert, the URN
/// owner for a contact's first message, the session upsert, the outbox rows; then one NOTIFY for the batch. Each kind
/// of row is one statement for the whole batch (column arrays unnested, the cheapest way the server takes many rows
/// short of COPY, and the service's own), and all of a batch goes in one NpgsqlBatch, inside one transaction with
/// synchronous commit, through a pool set as the service's (PostgresPool), from as many writers as the service runs (<see cref="PgWriteBatcher.Loops"/>). Missing on purpose: the flow, the pipeline's reads, the checks that need
/// an answer before the write (stored before? changed since read?), JSON serialisation (done once, before the clock).
/// </remarks>
public static class PostgresCeiling
{
    /// <param name="prefill">Messages written first, not timed, so the database holds as much as the pipeline's did when its clock started.</param>
    public static async Task<CeilingResult> RunAsync(string connectionString, CeilingSample sample, int prefill, int messages, int batch)
    {
        await PostgresSchema.MigrateAsync(connectionString, NullLogger.Instance);
        // The service's own pool settings (statements prepared, connections handed back without a reset), so the
        // reference is the store at its best for this shape, not a slower client.
        await using var data = NpgsqlDataSource.Create(PostgresPool.Settings(connectionString, new OutreachBot.Storage.StorageOptions().MaxConnections).ConnectionString);
        var contact = PgDocuments.Write(sample.Contact);
        var session = PgDocuments.Write(sample.Session);

        async Task WriteAsync(int from, int to, int size)
        {
            var next = from - size;
            await Task.WhenAll(Enumerable.Range(0, PgWriteBatcher.Loops).Select(async _ =>
            {
                int start;
                while ((start = Interlocked.Add(ref next, size)) < to)
                {
                    var end = Math.Min(to, start + size);
                    await using var connection = await data.OpenConnectionAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    await using var commands = new NpgsqlBatch(connection, transaction);
                    AddBatch(commands, start, end, sample, contact, session);
                    commands.BatchCommands.Add(Command("SELECT pg_notify($1, $2)", "outreach_ceiling", (end - start).ToString()));
                    await commands.ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                }
            }));
        }

        await WriteAsync(0, prefill, 256);
        var clock = Stopwatch.StartNew();
        await WriteAsync(prefill, prefill + messages, batch);
        return new CeilingResult(batch, messages, clock.Elapsed, PgWriteBatcher.Loops);
    }

    /// <summary>AddBatch adds the writes of messages <paramref name="start"/> to <paramref name="end"/> (of as many different contacts) as one statement per kind of row.</summary>
    private static void AddBatch(NpgsqlBatch commands, int start, int end, CeilingSample sample, string contact, string session)
    {
        var messages = Enumerable.Range(start, end - start).ToArray();
        var contacts = messages.Select(m => sample.Of(m).ContactId).ToArray();
        var urns = contacts.Select(c => "sim:ceiling-" + c).ToArray();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in contacts) keys.UnionWith(["urn:sim:ceiling-" + c, "contact:" + c]);
        commands.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k", (object)keys.ToArray()));

        var inbound = messages.Select(m => sample.Steps[sample.Of(m).Step].Inbound).ToArray();
        commands.BatchCommands.Add(Command(
            "INSERT INTO inbound (channel, provider_id, contact_id, urn, text, kind, received_at) " +
            "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) ON CONFLICT DO NOTHING",
            inbound.Select(i => i.Channel).ToArray(), messages.Select(m => "ceiling-" + m).ToArray(), contacts, urns,
            inbound.Select(i => i.Text).ToArray(), inbound.Select(i => i.Kind).ToArray(), messages.Select(At).ToArray()));
        commands.BatchCommands.Add(Command(
            "INSERT INTO contacts (id, version, status, phone, is_simulated, created_at, doc) " +
            "SELECT id, 1, 0, phone, true, created_at, doc FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::jsonb[]) AS r(id, phone, created_at, doc) " +
            "ON CONFLICT (id) DO UPDATE SET version = contacts.version + 1, status = excluded.status, phone = excluded.phone, " +
            "is_simulated = excluded.is_simulated, created_at = excluded.created_at, doc = excluded.doc",
            contacts, contacts.Select(c => "+2010" + c.ToString("D8")).ToArray(), messages.Select(At).ToArray(), JsonbArray(contacts.Select(_ => contact))));
        var first = messages.Where(m => sample.Of(m).Step == 0).ToArray();
        if (first.Length > 0)
            commands.BatchCommands.Add(Command("INSERT INTO urns (urn, contact_id) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (urn) DO NOTHING",
                first.Select(m => "sim:ceiling-" + sample.Of(m).ContactId).ToArray(), first.Select(m => sample.Of(m).ContactId).ToArray()));
        commands.BatchCommands.Add(Command(
            "INSERT INTO sessions (contact_id, doc) SELECT * FROM unnest($1::bigint[], $2::jsonb[]) ON CONFLICT (contact_id) DO UPDATE SET doc = excluded.doc",
            contacts, JsonbArray(contacts.Select(_ => session))));

        var rows = messages.SelectMany(m => sample.Steps[sample.Of(m).Step].Outbox.Select(row => (Row: row, Message: m, Contact: sample.Of(m).ContactId))).ToArray();
        if (rows.Length == 0) return;
        // The service also announces the rows' ids; the batch's NOTIFY stands for it.
        commands.BatchCommands.Add(Command(
            "INSERT INTO outbox (contact_id, channel, urn, text, choices, choices_per_row, keyboard, language, priority, purpose, status, attempts, " +
            "recoveries, created_at, next_attempt_at, in_reply_to, inbound_received_at) " +
            "SELECT contact_id, channel, urn, text, choices, choices_per_row, keyboard, language, priority, purpose, status, 0, 0, at, at, in_reply_to, at " +
            "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::int[], $7::smallint[], $8::text[], $9::smallint[], " +
            "$10::smallint[], $11::smallint[], $12::timestamptz[], $13::text[]) " +
            "AS r(contact_id, channel, urn, text, choices, choices_per_row, keyboard, language, priority, purpose, status, at, in_reply_to) RETURNING id",
            rows.Select(r => r.Contact).ToArray(), rows.Select(r => r.Row.Channel).ToArray(), rows.Select(r => "sim:ceiling-" + r.Contact).ToArray(),
            rows.Select(r => r.Row.Text).ToArray(), JsonbArray(rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r.Row.Choices))),
            rows.Select(r => r.Row.ChoicesPerRow).ToArray(), rows.Select(r => (short)r.Row.Keyboard).ToArray(), rows.Select(r => r.Row.Language).ToArray(),
            rows.Select(r => (short)r.Row.Priority).ToArray(), rows.Select(r => (short)r.Row.Purpose).ToArray(), rows.Select(r => (short)r.Row.Status).ToArray(),
            rows.Select(r => At(r.Message)).ToArray(), rows.Select(r => "sim:ceiling-" + r.Message).ToArray()));
    }

    /// <summary>At: each message a later time, as the service's indexes on times see it.</summary>
    private static DateTime At(int message) => new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(message);

    private static NpgsqlParameter JsonbArray(IEnumerable<string> json) => new() { Value = json.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }
}
