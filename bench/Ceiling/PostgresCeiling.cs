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
/// owner for a contact's first message, the session upsert, the outbox rows; then one NOTIFY for the batch. All of a
/// batch goes in one NpgsqlBatch, inside one transaction with synchronous commit, from as many writers as the service
/// runs (<see cref="PgWriteBatcher.Loops"/>). Missing on purpose: the flow, the pipeline's reads, the checks that need
/// an answer before the write (stored before? changed since read?), JSON serialisation (done once, before the clock).
/// </remarks>
public static class PostgresCeiling
{
    /// <param name="prefill">Messages written first, not timed, so the database holds as much as the pipeline's did when its clock started.</param>
    public static async Task<CeilingResult> RunAsync(string connectionString, CeilingSample sample, int prefill, int messages, int batch)
    {
        await PostgresSchema.MigrateAsync(connectionString, NullLogger.Instance);
        await using var data = new NpgsqlDataSourceBuilder(connectionString).Build();
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
                var keys = new SortedSet<string>(StringComparer.Ordinal);
                for (var i = start; i < end; i++) keys.UnionWith(["urn:sim:ceiling-" + sample.Of(i).ContactId, "contact:" + sample.Of(i).ContactId]);
                foreach (var key in keys) commands.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key));
                for (var i = start; i < end; i++) AddWrite(commands, i, sample, contact, session);
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

    private static void AddWrite(NpgsqlBatch commands, int message, CeilingSample sample, string contact, string session)
    {
        var (contactId, stepIndex) = sample.Of(message);
        var step = sample.Steps[stepIndex];
        var urn = "sim:ceiling-" + contactId;
        var inbound = step.Inbound;
        commands.BatchCommands.Add(Command(
            "INSERT INTO inbound (channel, provider_id, contact_id, urn, text, kind, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            inbound.Channel, "ceiling-" + message, contactId, urn, inbound.Text, inbound.Kind, At(message)));
        commands.BatchCommands.Add(Command(
            "INSERT INTO contacts (id, version, status, phone, is_simulated, created_at, doc) VALUES ($1, 1, 0, $2, true, $3, $4) " +
            "ON CONFLICT (id) DO UPDATE SET version = contacts.version + 1, status = excluded.status, phone = excluded.phone, " +
            "is_simulated = excluded.is_simulated, created_at = excluded.created_at, doc = excluded.doc",
            contactId, "+2010" + contactId.ToString("D8"), At(message), Jsonb(contact)));
        if (stepIndex == 0)
            commands.BatchCommands.Add(Command("INSERT INTO urns (urn, contact_id) VALUES ($1, $2) ON CONFLICT (urn) DO NOTHING", urn, contactId));
        commands.BatchCommands.Add(Command(
            "INSERT INTO sessions (contact_id, doc) VALUES ($1, $2) ON CONFLICT (contact_id) DO UPDATE SET doc = excluded.doc", contactId, Jsonb(session)));
        foreach (var row in step.Outbox) commands.BatchCommands.Add(OutboxInsert(row, contactId, urn, message));
    }

    /// <summary>At: each message a later time, as the service's indexes on times see it.</summary>
    private static DateTime At(int message) => new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(message);

    private static NpgsqlBatchCommand OutboxInsert(OutboxMessage m, long contactId, string urn, int message) => Command(
        "INSERT INTO outbox (contact_id, channel, urn, text, choices, choices_per_row, keyboard, language, priority, purpose, status, attempts, " +
        "recoveries, created_at, next_attempt_at, in_reply_to, inbound_received_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, 0, $12, $12, $13, $12) RETURNING id",
        contactId, m.Channel, urn, m.Text, Jsonb(System.Text.Json.JsonSerializer.Serialize(m.Choices)), m.ChoicesPerRow, (short)m.Keyboard,
        m.Language, (short)m.Priority, (short)m.Purpose, (short)m.Status, At(message), "sim:ceiling-" + message);

    private static NpgsqlParameter Jsonb(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }
}
