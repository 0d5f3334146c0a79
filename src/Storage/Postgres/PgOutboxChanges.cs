using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgOutboxChanges: <see cref="IOutboxChanges"/> inside one PostgreSQL transaction.</summary>
/// <remarks>
/// Every row read here is locked (FOR UPDATE) until the transaction ends, so two instances never settle or requeue one
/// row at once. A claim skips rows another instance holds (SKIP LOCKED) instead of waiting for them: that instance is
/// claiming or settling them. The calls are synchronous, as the shared delivery rules are; each is one round trip.
/// </remarks>
internal sealed class PgOutboxChanges(NpgsqlConnection connection, NpgsqlTransaction transaction) : IOutboxChanges
{
    internal const string PossibleDuplicatesCounter = "possible_duplicates";

    public OutboxMessage? Find(long id) => Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE id = $1 FOR UPDATE", id).FirstOrDefault();

    public OutboxMessage? FindByProviderId(string providerId) =>
        Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE provider_id = $1 ORDER BY id LIMIT 1 FOR UPDATE", providerId).FirstOrDefault();

    public IReadOnlyList<OutboxMessage> Sending() =>
        Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE status = $1 ORDER BY id FOR UPDATE SKIP LOCKED", (short)OutboxStatus.Sending);

    public IReadOnlyList<OutboxMessage> QueuedFor(string urn) =>
        Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE urn = $1 AND status = $2 ORDER BY id FOR UPDATE", urn, (short)OutboxStatus.Queued);

    public IReadOnlyList<OutboxMessage> Claim(IEnumerable<long> ids, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        var order = ids.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        if (order.Count == 0) return [];
        var claimed = Rows(
            $"UPDATE outbox SET status = $1, lease_until = $2, attempts = attempts + 1 WHERE id IN " +
            $"(SELECT id FROM outbox WHERE id = ANY($3) AND status = $4 AND next_attempt_at <= $5 FOR UPDATE SKIP LOCKED) RETURNING {PgOutboxRows.Columns}",
            (short)OutboxStatus.Sending, leaseUntil.ToUniversalTime(), order.Keys.ToArray(), (short)OutboxStatus.Queued, now.ToUniversalTime());
        return [.. claimed.OrderBy(m => order[m.Id])];
    }

    public Contact? FindContact(long contactId)
    {
        using var command = Command("SELECT doc::text FROM contacts WHERE id = $1", contactId);
        return command.ExecuteScalar() is string json ? PgDocuments.ReadContact(json) : null;
    }

    public void Insert(OutboxMessage message) => PgOutboxRows.Insert(connection, transaction, [message]);

    public void Update(OutboxMessage message)
    {
        using var command = Command(PgOutboxRows.UpdateSql, message.Id);
        PgOutboxRows.AddValues(command.Parameters, message);
        command.ExecuteNonQuery();
    }

    public void BlockContact(long contactId)
    {
        // The stamp moves, as for every write of a contact, so a conversation write computed before this one is redone.
        using var command = Command(
            "UPDATE contacts SET status = $2, version = version + 1, doc = jsonb_set(doc, '{Status}', to_jsonb($2::int)) " +
            "WHERE id = $1 AND status = $3", contactId, (short)ContactStatus.Blocked, (short)ContactStatus.Active);
        command.ExecuteNonQuery();
    }

    public void CloseWhatsAppWindow(string urn, DateTimeOffset at)
    {
        using var command = Command(
            "INSERT INTO whatsapp_window_closures (urn, closed_at) VALUES ($1, $2) ON CONFLICT (urn) DO UPDATE SET closed_at = excluded.closed_at",
            urn, at.ToUniversalTime());
        command.ExecuteNonQuery();
    }

    public long AddPossibleDuplicates(int count)
    {
        using var command = Command(
            "INSERT INTO counters (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value RETURNING value",
            PossibleDuplicatesCounter, (long)count);
        return (long)command.ExecuteScalar()!;
    }

    internal const string PossibleDuplicatesSql = "SELECT coalesce((SELECT value FROM counters WHERE name = '" + PossibleDuplicatesCounter + "'), 0)";

    public DeliveryReport? KeptReport(string providerId) =>
        Reports("SELECT provider_id, status, error_code, reported_at FROM early_reports WHERE provider_id = $1 FOR UPDATE", providerId)
            .Select(r => r.Report).FirstOrDefault();

    public void KeepReport(string providerId, DeliveryReport report)
    {
        using var command = Command(
            "INSERT INTO early_reports (provider_id, status, error_code, reported_at) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (provider_id) DO UPDATE SET status = excluded.status, error_code = excluded.error_code, reported_at = excluded.reported_at",
            providerId, (short)report.Status, (object?)report.ErrorCode ?? DBNull.Value, report.At.ToUniversalTime());
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<(string ProviderId, DeliveryReport Report)> KeptReports() =>
        Reports("SELECT provider_id, status, error_code, reported_at FROM early_reports ORDER BY provider_id FOR UPDATE SKIP LOCKED");

    public void DropKeptReport(string providerId)
    {
        using var command = Command("DELETE FROM early_reports WHERE provider_id = $1", providerId);
        command.ExecuteNonQuery();
    }

    private List<(string, DeliveryReport Report)> Reports(string sql, params object[] values)
    {
        using var command = Command(sql, values);
        using var reader = command.ExecuteReader();
        var reports = new List<(string, DeliveryReport)>();
        while (reader.Read())
            reports.Add((reader.GetString(0), new DeliveryReport((OutboxStatus)reader.GetInt16(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3))));
        return reports;
    }

    private List<OutboxMessage> Rows(string sql, params object[] values)
    {
        using var command = Command(sql, values);
        using var reader = command.ExecuteReader();
        var rows = new List<OutboxMessage>();
        while (reader.Read()) rows.Add(PgOutboxRows.Read(reader));
        return rows;
    }

    private NpgsqlCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value is string text ? PgText.Storable(text) : value });
        return command;
    }
}
