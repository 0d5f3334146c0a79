using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgOutboxRows maps outbox rows to and from the <c>outbox</c> table.</summary>
internal static class PgOutboxRows
{
    public const string Columns =
        "id, contact_id, channel, urn, text, choices, choices_per_row, keyboard, language, priority, purpose, status, attempts, recoveries, " +
        "created_at, next_attempt_at, lease_until, sent_at, provider_id, error_code, error, group_id, in_reply_to, inbound_received_at";

    /// <summary>InsertSql inserts one row per element of 23 column arrays (all but the id, in <see cref="Columns"/> order), returns
    /// their ids and announces the queued ones on channel $24 (rows of status $25), in the same statement, each payload
    /// "origin:id,id,…" (see <see cref="OriginSetting"/>).</summary>
    /// <remarks>
    /// The announcements go in chunks of 400 ids, well under the 8,000-byte payload limit. A CTE that calls a volatile
    /// function is computed in full once it is read, and the scalar subquery reads it once, with the first row returned.
    /// PostgreSQL delivers a notification only when its transaction commits, and never one of a rolled-back transaction.
    /// </remarks>
    private const string InsertSql =
        "WITH inserted AS (INSERT INTO outbox (contact_id, channel, urn, text, choices, choices_per_row, keyboard, language, priority, purpose, " +
        "status, attempts, recoveries, created_at, next_attempt_at, lease_until, sent_at, provider_id, error_code, error, group_id, in_reply_to, " +
        "inbound_received_at) " +
        "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::int[], $7::smallint[], $8::text[], " +
        "$9::smallint[], $10::smallint[], $11::smallint[], $12::int[], $13::int[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[], " +
        "$17::timestamptz[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::timestamptz[]) RETURNING id, status), " +
        "announced AS (SELECT pg_notify($24, coalesce(current_setting('" + OriginSetting + "', true), '') || ':' || string_agg(id::text, ',')) FROM " +
        "(SELECT id, (row_number() OVER (ORDER BY id) - 1) / 400 AS chunk FROM inserted WHERE status = $25) AS queued GROUP BY chunk) " +
        "SELECT id, (SELECT count(*) FROM announced) FROM inserted";

    /// <summary>ExecuteThenInsertAsync runs <paramref name="batch"/> (statements that return no rows), the insert of
    /// <paramref name="rows"/> and then <paramref name="after"/> (a statement that returns no rows, such as COMMIT), in one
    /// round trip, and gives each row its id.</summary>
    public static async Task ExecuteThenInsertAsync(NpgsqlBatch batch, IReadOnlyList<OutboxMessage> rows, CancellationToken ct, NpgsqlBatchCommand? after = null)
    {
        if (rows.Count > 0) batch.BatchCommands.Add(InsertCommand(rows));
        if (after is not null) batch.BatchCommands.Add(after);
        var ids = new List<long>(rows.Count);
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            // Statements that return no rows give no result, so the insert's ids are the only rows read; reading through
            // every result makes a statement that failed fail here.
            do
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false)) ids.Add(reader.GetInt64(0));
            } while (await reader.NextResultAsync(ct).ConfigureAwait(false));
        }
        GiveIds(rows, ids);
    }

    /// <summary>Insert inserts the rows in one statement, gives each its id and announces the queued ones (for the synchronous work of an outbox transaction).</summary>
    public static void Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> rows)
    {
        if (rows.Count == 0) return;
        using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(InsertCommand(rows));
        var ids = new List<long>(rows.Count);
        using (var reader = batch.ExecuteReader())
            while (reader.Read()) ids.Add(reader.GetInt64(0));
        GiveIds(rows, ids);
    }

    /// <summary>GiveIds: the statement inserts the arrays' elements in order and takes each one's id from the identity in turn, so the ids, in ascending order, are the rows' in order.</summary>
    private static void GiveIds(IReadOnlyList<OutboxMessage> rows, List<long> ids)
    {
        if (ids.Count != rows.Count) throw new InvalidOperationException($"Inserting {rows.Count} outbox rows returned {ids.Count} ids.");
        ids.Sort();
        for (var i = 0; i < rows.Count; i++) rows[i].Id = ids[i];
    }

    /// <summary>QueuedStatus: <see cref="OutboxStatus.Queued"/> as written into statements that must use the partial indexes on queued rows.</summary>
    public static readonly string QueuedStatus = ((short)OutboxStatus.Queued).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>OriginSetting: a session setting each pool sets on its connections to a value of its own (<see cref="PostgresPool"/>).</summary>
    /// <remarks>An announcement carries the origin of the connection that queued the rows. The process that queued them hands
    /// them to its own delivery queues as it commits, so when it is the dispatcher it skips its own announcements instead
    /// of reading every row it queued back from the server (one instance read all of its replies twice that way). An
    /// empty origin (a connection opened without the pool's settings) is never skipped.</remarks>
    public const string OriginSetting = "outreach.origin";

    /// <summary>Announced splits a payload into its origin (empty when it has none) and the ids.</summary>
    public static (string Origin, long[] Ids) Announced(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        var origin = colon < 0 ? "" : payload[..colon];
        return (origin, [.. payload[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)]);
    }

    /// <summary>QueuedChannel: the channel the ids of newly queued rows are announced on, when their transaction commits.</summary>
    public const string QueuedChannel = "outreach_outbox_queued";

    private static NpgsqlBatchCommand InsertCommand(IReadOnlyList<OutboxMessage> rows)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        AddColumnArrays(command.Parameters, rows);
        command.Parameters.Add(new() { Value = QueuedChannel });
        command.Parameters.Add(new() { Value = (short)OutboxStatus.Queued });
        return command;
    }

    /// <summary>UpdateManySql writes every column but the id of each row of the id array $1 from the column arrays $2.. (as <see cref="AddColumnArrays"/> adds them).</summary>
    private const string UpdateManySql =
        "UPDATE outbox SET contact_id = r.contact_id, channel = r.channel, urn = r.urn, text = r.text, choices = r.choices, " +
        "choices_per_row = r.choices_per_row, keyboard = r.keyboard, language = r.language, priority = r.priority, purpose = r.purpose, " +
        "status = r.status, attempts = r.attempts, recoveries = r.recoveries, created_at = r.created_at, next_attempt_at = r.next_attempt_at, " +
        "lease_until = r.lease_until, sent_at = r.sent_at, provider_id = r.provider_id, error_code = r.error_code, error = r.error, " +
        "group_id = r.group_id, in_reply_to = r.in_reply_to, inbound_received_at = r.inbound_received_at " +
        "FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::smallint[], $9::text[], " +
        "$10::smallint[], $11::smallint[], $12::smallint[], $13::int[], $14::int[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], " +
        "$18::timestamptz[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::timestamptz[]) " +
        "AS r(id, contact_id, channel, urn, text, choices, choices_per_row, keyboard, language, priority, purpose, status, attempts, recoveries, " +
        "created_at, next_attempt_at, lease_until, sent_at, provider_id, error_code, error, group_id, in_reply_to, inbound_received_at) " +
        "WHERE outbox.id = r.id";

    /// <summary>UpdateMany writes the rows' current values in one statement; each id may appear once.</summary>
    public static void UpdateMany(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> rows)
    {
        using var command = new NpgsqlCommand(UpdateManySql, connection, transaction);
        command.Parameters.Add(new() { Value = Column(rows, m => m.Id) });
        AddColumnArrays(command.Parameters, rows);
        command.ExecuteNonQuery();
    }

    /// <summary>AddColumnArrays adds one array per column but the id, in <see cref="Columns"/> order, each holding the rows' values in order.</summary>
    private static void AddColumnArrays(NpgsqlParameterCollection p, IReadOnlyList<OutboxMessage> rows)
    {
        p.Add(new() { Value = Column(rows, m => m.ContactId) });
        p.Add(new() { Value = Column(rows, m => PgText.Storable(m.Channel)) });
        p.Add(new() { Value = Column(rows, m => PgText.Storable(m.Urn)) });
        p.Add(new() { Value = Column(rows, m => PgText.Storable(m.Text)) });
        p.Add(new() { Value = Column(rows, m => PgText.StorableJson(JsonSerializer.Serialize(m.Choices))), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        p.Add(new() { Value = Column(rows, m => m.ChoicesPerRow) });
        p.Add(new() { Value = Column(rows, m => (short)m.Keyboard) });
        p.Add(new() { Value = Column(rows, m => PgText.Storable(m.Language)) });
        p.Add(new() { Value = Column(rows, m => (short)m.Priority) });
        p.Add(new() { Value = Column(rows, m => (short)m.Purpose) });
        p.Add(new() { Value = Column(rows, m => (short)m.Status) });
        p.Add(new() { Value = Column(rows, m => m.Attempts) });
        p.Add(new() { Value = Column(rows, m => m.Recoveries) });
        p.Add(new() { Value = Column(rows, m => m.CreatedAt.UtcDateTime) });
        p.Add(new() { Value = Column(rows, m => m.NextAttemptAt.UtcDateTime) });
        p.Add(new() { Value = Column(rows, m => m.LeaseUntil?.UtcDateTime), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = Column(rows, m => m.SentAt?.UtcDateTime), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = Column(rows, m => Storable(m.ProviderId)), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = Column(rows, m => Storable(m.ErrorCode)), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = Column(rows, m => Storable(m.Error)), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = Column(rows, m => Storable(m.GroupId)), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = Column(rows, m => Storable(m.InReplyTo)), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = Column(rows, m => m.InboundReceivedAt?.UtcDateTime), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
    }

    /// <summary>Read maps a row selected with <see cref="Columns"/>.</summary>
    public static OutboxMessage Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        ContactId = r.GetInt64(1),
        Channel = r.GetString(2),
        Urn = r.GetString(3),
        Text = r.GetString(4),
        Choices = JsonSerializer.Deserialize<List<string>>(r.GetString(5)) ?? [],
        ChoicesPerRow = r.GetInt32(6),
        Keyboard = (Flows.Model.KeyboardAction)r.GetInt16(7),
        Language = r.GetString(8),
        Priority = (OutboxPriority)r.GetInt16(9),
        Purpose = (Flows.Model.ReplyPurpose)r.GetInt16(10),
        Status = (OutboxStatus)r.GetInt16(11),
        Attempts = r.GetInt32(12),
        Recoveries = r.GetInt32(13),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(14),
        NextAttemptAt = r.GetFieldValue<DateTimeOffset>(15),
        LeaseUntil = r.IsDBNull(16) ? null : r.GetFieldValue<DateTimeOffset>(16),
        SentAt = r.IsDBNull(17) ? null : r.GetFieldValue<DateTimeOffset>(17),
        ProviderId = r.IsDBNull(18) ? null : r.GetString(18),
        ErrorCode = r.IsDBNull(19) ? null : r.GetString(19),
        Error = r.IsDBNull(20) ? null : r.GetString(20),
        GroupId = r.IsDBNull(21) ? null : r.GetString(21),
        InReplyTo = r.IsDBNull(22) ? null : r.GetString(22),
        InboundReceivedAt = r.IsDBNull(23) ? null : r.GetFieldValue<DateTimeOffset>(23),
    };

    private static string? Storable(string? text) => text is null ? null : PgText.Storable(text);

    private static T[] Column<T>(IReadOnlyList<OutboxMessage> rows, Func<OutboxMessage, T> value)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = value(rows[i]);
        return values;
    }
}
