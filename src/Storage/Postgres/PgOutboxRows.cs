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

    private const string InsertSql =
        "INSERT INTO outbox (contact_id, channel, urn, text, choices, choices_per_row, keyboard, language, priority, purpose, status, attempts, " +
        "recoveries, created_at, next_attempt_at, lease_until, sent_at, provider_id, error_code, error, group_id, in_reply_to, inbound_received_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id";

    /// <summary>InsertAsync inserts the rows in one round trip and gives each its id.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var batch = InsertBatch(connection, transaction, rows);
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        foreach (var m in rows)
        {
            await reader.ReadAsync(ct).ConfigureAwait(false);
            m.Id = reader.GetInt64(0);
            await reader.NextResultAsync(ct).ConfigureAwait(false);
        }
        await reader.DisposeAsync().ConfigureAwait(false);
        await using var notify = NotifyBatch(connection, transaction, rows);
        await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Insert is <see cref="InsertAsync"/> for the synchronous work of an outbox transaction.</summary>
    public static void Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> rows)
    {
        if (rows.Count == 0) return;
        using var batch = InsertBatch(connection, transaction, rows);
        using var reader = batch.ExecuteReader();
        foreach (var m in rows)
        {
            reader.Read();
            m.Id = reader.GetInt64(0);
            reader.NextResult();
        }
        reader.Dispose();
        using var notify = NotifyBatch(connection, transaction, rows);
        notify.ExecuteNonQuery();
    }

    /// <summary>QueuedChannel: the channel the ids of newly queued rows are announced on, when their transaction commits.</summary>
    public const string QueuedChannel = "outreach_outbox_queued";

    /// <summary>NotifyBatch announces the rows' ids (in chunks well under the 8,000-byte payload limit) to the dispatching instance.</summary>
    /// <remarks>PostgreSQL delivers a notification only when its transaction commits, and never one of a rolled-back transaction.</remarks>
    private static NpgsqlBatch NotifyBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> rows)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var chunk in rows.Where(r => r.Status == OutboxStatus.Queued).Select(r => r.Id).Chunk(400))
        {
            var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new() { Value = QueuedChannel });
            command.Parameters.Add(new() { Value = string.Join(',', chunk) });
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count == 0) batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT 1"));
        return batch;
    }

    private static NpgsqlBatch InsertBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> rows)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var m in rows)
        {
            var command = new NpgsqlBatchCommand(InsertSql);
            AddValues(command.Parameters, m);
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    /// <summary>UpdateSql writes every column but the id of row $1 from parameters $2.. (as <see cref="AddValues"/> adds them).</summary>
    public const string UpdateSql =
        "UPDATE outbox SET contact_id = $2, channel = $3, urn = $4, text = $5, choices = $6, choices_per_row = $7, keyboard = $8, " +
        "language = $9, priority = $10, purpose = $11, status = $12, attempts = $13, recoveries = $14, created_at = $15, " +
        "next_attempt_at = $16, lease_until = $17, sent_at = $18, provider_id = $19, error_code = $20, error = $21, group_id = $22, " +
        "in_reply_to = $23, inbound_received_at = $24 WHERE id = $1";

    /// <summary>AddValues adds the 23 column values of <paramref name="m"/> (all but the id), in <see cref="Columns"/> order.</summary>
    public static void AddValues(NpgsqlParameterCollection p, OutboxMessage m)
    {
        p.Add(new() { Value = m.ContactId });
        p.Add(new() { Value = m.Channel });
        p.Add(new() { Value = m.Urn });
        p.Add(new() { Value = PgText.Storable(m.Text) });
        p.Add(new() { Value = PgText.StorableJson(JsonSerializer.Serialize(m.Choices)), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = m.ChoicesPerRow });
        p.Add(new() { Value = (short)m.Keyboard });
        p.Add(new() { Value = m.Language });
        p.Add(new() { Value = (short)m.Priority });
        p.Add(new() { Value = (short)m.Purpose });
        p.Add(new() { Value = (short)m.Status });
        p.Add(new() { Value = m.Attempts });
        p.Add(new() { Value = m.Recoveries });
        p.Add(new() { Value = m.CreatedAt.ToUniversalTime() });
        p.Add(new() { Value = m.NextAttemptAt.ToUniversalTime() });
        p.Add(Nullable(m.LeaseUntil, NpgsqlDbType.TimestampTz));
        p.Add(Nullable(m.SentAt, NpgsqlDbType.TimestampTz));
        p.Add(Nullable(m.ProviderId, NpgsqlDbType.Text));
        p.Add(Nullable(m.ErrorCode, NpgsqlDbType.Text));
        p.Add(Nullable(m.Error, NpgsqlDbType.Text));
        p.Add(Nullable(m.GroupId, NpgsqlDbType.Text));
        p.Add(Nullable(m.InReplyTo, NpgsqlDbType.Text));
        p.Add(Nullable(m.InboundReceivedAt, NpgsqlDbType.TimestampTz));
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

    private static NpgsqlParameter Nullable<T>(T? value, NpgsqlDbType type) => new()
    {
        Value = value switch
        {
            null => DBNull.Value,
            DateTimeOffset time => time.ToUniversalTime(),
            string text => PgText.Storable(text),
            _ => value,
        },
        NpgsqlDbType = type,
    };
}
