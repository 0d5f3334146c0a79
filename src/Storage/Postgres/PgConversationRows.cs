using Npgsql;
using NpgsqlTypes;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgConversationRows: the rows every conversation write stores (its inbound message, its contact, its session), for many writes in one statement each.</summary>
/// <remarks>
/// Each statement takes one array per column and unnests it, so a group commit of 60 writes costs three statements
/// for these rows instead of 180, each planned and executed once. The writes of one statement must be of different
/// contacts (an upsert cannot touch one row twice); writes that share a contact go one by one (see <see cref="PgBatchWrites"/>).
/// </remarks>
internal static class PgConversationRows
{
    public static NpgsqlBatchCommand Inbound(IReadOnlyList<InboundLogEntry> rows) => Command(
        "INSERT INTO inbound (channel, provider_id, contact_id, urn, text, kind, received_at) " +
        "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])",
        Array(rows, r => PgText.Storable(r.Channel)), Array(rows, r => PgText.Storable(r.ProviderId)), Array(rows, r => r.ContactId),
        Array(rows, r => PgText.Storable(r.Urn)), Array(rows, r => PgText.Storable(r.Text)), Array(rows, r => PgText.Storable(r.Kind)),
        Array(rows, r => r.ReceivedAt.ToUniversalTime()));

    /// <summary>Contacts: a new contact starts at stamp 1; a stored one gets its stamp moved on by one.</summary>
    public static NpgsqlBatchCommand Contacts(IReadOnlyList<Contact> rows) => Command(
        "INSERT INTO contacts (id, version, status, phone, is_simulated, created_at, doc) " +
        "SELECT id, 1, status, phone, is_simulated, created_at, doc " +
        "FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::boolean[], $5::timestamptz[], $6::jsonb[]) AS r(id, status, phone, is_simulated, created_at, doc) " +
        "ON CONFLICT (id) DO UPDATE SET version = contacts.version + 1, status = excluded.status, phone = excluded.phone, " +
        "is_simulated = excluded.is_simulated, created_at = excluded.created_at, doc = excluded.doc",
        Array(rows, c => c.Id), Array(rows, c => (short)c.Status), Array(rows, c => c.Phone is { } phone ? PgText.Storable(phone) : null),
        Array(rows, c => c.IsSimulated), Array(rows, c => c.CreatedAt.ToUniversalTime()), Jsonb(Array(rows, PgDocuments.Write)));

    public static NpgsqlBatchCommand Sessions(IReadOnlyList<Session> rows) => Command(
        "INSERT INTO sessions (contact_id, doc) SELECT * FROM unnest($1::bigint[], $2::jsonb[]) " +
        "ON CONFLICT (contact_id) DO UPDATE SET doc = excluded.doc",
        Array(rows, s => s.ContactId), Jsonb(Array(rows, PgDocuments.Write)));

    private static T[] Array<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> column)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = column(rows[i]);
        return values;
    }

    private static NpgsqlParameter Jsonb(string[] json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }
}
