using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgOutboxChanges: <see cref="IOutboxChanges"/> inside one PostgreSQL transaction.</summary>
/// <remarks>
/// Every row read here is locked (FOR UPDATE) until the transaction ends, so two instances never settle or requeue one
/// row at once. A claim skips rows another instance holds (SKIP LOCKED) instead of waiting for them: that instance is
/// claiming or settling them. The calls are synchronous, as the shared delivery rules are; each is one round trip, but
/// updates wait and go together in one statement before the next statement or the commit (<see cref="Flush"/>), so a
/// settle of many outcomes costs a read, a write and a commit whatever its size.
/// </remarks>
internal sealed class PgOutboxChanges(NpgsqlConnection connection, NpgsqlTransaction transaction) : IOutboxChanges
{
    internal const string PossibleDuplicatesCounter = "possible_duplicates";

    private readonly List<OutboxMessage> _updates = [];

    public OutboxMessage? Find(long id) => Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE id = $1 FOR UPDATE", id).FirstOrDefault();

    public IReadOnlyDictionary<long, OutboxMessage> FindMany(IReadOnlyCollection<long> ids) => ids.Count == 0
        ? new Dictionary<long, OutboxMessage>()
        : Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE id = ANY($1) ORDER BY id FOR UPDATE", ids.ToArray()).ToDictionary(m => m.Id);

    public OutboxMessage? FindByProviderId(string providerId) =>
        Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE provider_id = $1 ORDER BY id LIMIT 1 FOR UPDATE", providerId).FirstOrDefault();

    public IReadOnlyList<OutboxMessage> Sending() =>
        Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE status = $1 ORDER BY id FOR UPDATE SKIP LOCKED", (short)OutboxStatus.Sending);

    public IReadOnlyList<OutboxMessage> QueuedFor(string urn) =>
        Rows($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE urn = $1 AND status = {PgOutboxRows.QueuedStatus} ORDER BY id FOR UPDATE", urn);

    public IReadOnlyList<OutboxMessage> Claim(IEnumerable<long> ids, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        var order = ids.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        if (order.Count == 0) return [];
        // The rows are found by primary key alone, in a materialised step, and only then checked for status and due time:
        // with those conditions beside the ids the planner may walk the due index over the whole backlog instead
        // (seen at 3 ms a claim under load).
        var claimed = Rows(
            "WITH picked AS MATERIALIZED (SELECT id AS picked_id, status AS picked_status, next_attempt_at AS picked_due " +
            "FROM outbox WHERE id = ANY($3) FOR UPDATE SKIP LOCKED) " +
            "UPDATE outbox SET status = $1, lease_until = $2, attempts = attempts + 1 FROM picked " +
            $"WHERE id = picked_id AND picked_status = $4 AND picked_due <= $5 RETURNING {PgOutboxRows.Columns}",
            (short)OutboxStatus.Sending, leaseUntil.ToUniversalTime(), order.Keys.ToArray(), (short)OutboxStatus.Queued, now.ToUniversalTime());
        return [.. claimed.OrderBy(m => order[m.Id])];
    }

    public IReadOnlyDictionary<long, Contact> FindContacts(IReadOnlyCollection<long> ids)
    {
        var contacts = new Dictionary<long, Contact>();
        if (ids.Count == 0) return contacts;
        using var command = Command("SELECT doc::text FROM contacts WHERE id = ANY($1)", ids.ToArray());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var contact = PgDocuments.ReadContact(reader.GetString(0));
            contacts[contact.Id] = contact;
        }
        return contacts;
    }

    public void Insert(OutboxMessage message)
    {
        Flush();
        PgOutboxRows.Insert(connection, transaction, [message]);
    }

    /// <summary>Update keeps the row's values as they are now; they are written with the other updates at the next <see cref="Flush"/>.</summary>
    public void Update(OutboxMessage message) => _updates.Add(message.Copy());

    /// <summary>Flush writes the updates waiting in one statement (a row updated twice, as it was last); the store calls it before committing.</summary>
    public void Flush()
    {
        if (_updates.Count == 0) return;
        var latest = new Dictionary<long, OutboxMessage>();
        foreach (var message in _updates) latest[message.Id] = message;
        _updates.Clear();
        PgOutboxRows.UpdateMany(connection, transaction, [.. latest.Values.OrderBy(m => m.Id)]);
    }

    /// <summary>ContactStatuses reads the status column alone: the documents are not needed to know who opted out.</summary>
    public IReadOnlyDictionary<long, ContactStatus> ContactStatuses(IReadOnlyCollection<long> ids)
    {
        var statuses = new Dictionary<long, ContactStatus>();
        if (ids.Count == 0) return statuses;
        using var command = Command("SELECT id, status FROM contacts WHERE id = ANY($1)", ids.ToArray());
        using var reader = command.ExecuteReader();
        while (reader.Read()) statuses[reader.GetInt64(0)] = (ContactStatus)reader.GetInt16(1);
        return statuses;
    }

    /// <summary>BlockedContacts: the contacts this transaction blocked, for the store to drop from its copies once committed.</summary>
    internal List<long> BlockedContacts { get; } = [];

    public void BlockContact(long contactId)
    {
        BlockedContacts.Add(contactId);
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

    /// <summary>Command: a statement of this transaction, after the updates still waiting, so it sees them.</summary>
    private NpgsqlCommand Command(string sql, params object[] values)
    {
        Flush();
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value is string text ? PgText.Storable(text) : value });
        return command;
    }
}
