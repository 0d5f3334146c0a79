using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.LiteDb;

namespace OutreachBot.Storage.Postgres;

/// <summary>StoreCopyTables: each PostgreSQL table of <see cref="StoreCopy"/>, its row count in the embedded file, and how its rows are written.</summary>
/// <remarks>
/// Rows stream from LiteDB into a binary COPY inside the caller's transaction, so nothing is held in memory but the row
/// being written. The source count is LiteDB's own count, taken apart from the rows written, so a row lost on the way
/// shows as a mismatch. A "channel_state" row left in the file is a value of an older version that could not be read
/// when the file was opened; the copy refuses the file rather than lose it.
/// </remarks>
internal static class StoreCopyTables
{
    /// <summary>Table: one target table, what the file holds for it, and its copy.</summary>
    public sealed record Table(string Name, Func<LiteStore, long> SourceCount, Func<NpgsqlConnection, LiteStore, CancellationToken, Task<ulong>> CopyAsync);

    public static readonly IReadOnlyList<Table> All =
    [
        new("contacts", s => s.Contacts.LongCount(), ContactsAsync),
        new("urns", s => s.Urns.LongCount(), UrnsAsync),
        new("sessions", s => s.Sessions.LongCount(), SessionsAsync),
        new("inbound", s => s.Inbound.LongCount(), InboundAsync),
        new("outbox", s => s.Outbox.LongCount(), OutboxAsync),
        new("cursors", s => s.Cursors.LongCount(), CursorsAsync),
        new("counters", s => s.Counters.LongCount(), CountersAsync),
        new("early_reports", s => s.KeptReports.LongCount(), EarlyReportsAsync),
        new("whatsapp_window_closures", s => s.WindowClosures.LongCount(), WindowClosuresAsync),
        new("quiz_attempts", s => s.QuizAttempts.LongCount(), QuizAttemptsAsync),
    ];

    /// <summary>UnknownChannelStates: keys of "channel_state" rows no table takes; copying would lose them.</summary>
    public static List<string> UnknownChannelStates(LiteStore store) => [.. store.ChannelStates.FindAll().Select(s => s.Id)];

    private static Task<ulong> ContactsAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, "contacts (id, version, status, phone, is_simulated, created_at, doc)", s.Contacts.FindAll(), async (w, contact) =>
        {
            await w.WriteAsync(contact.Id, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct).ConfigureAwait(false); // a first version, as a first write stores
            await w.WriteAsync((short)contact.Status, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, contact.Phone, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(contact.IsSimulated, NpgsqlDbType.Boolean, ct).ConfigureAwait(false);
            await w.WriteAsync(contact.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await w.WriteAsync(PgDocuments.Write(contact), NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
        }, ct);

    private static Task<ulong> UrnsAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, "urns (urn, contact_id)", s.Urns.FindAll(), async (w, urn) =>
        {
            await w.WriteAsync(PgText.Storable(urn.Id), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(urn.ContactId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
        }, ct);

    private static Task<ulong> SessionsAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, "sessions (contact_id, doc)", s.Sessions.FindAll(), async (w, session) =>
        {
            await w.WriteAsync(session.ContactId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(PgDocuments.Write(session), NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
        }, ct);

    private static Task<ulong> InboundAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, "inbound (channel, provider_id, contact_id, urn, text, kind, received_at)", s.Inbound.FindAll(), async (w, e) =>
        {
            await w.WriteAsync(PgText.Storable(e.Channel), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.Storable(e.ProviderId), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(e.ContactId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.Storable(e.Urn), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.Storable(e.Text), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.Storable(e.Kind), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(e.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, ct);

    /// <summary>OutboxAsync keeps each row's id: COPY writes the identity column as given (like OVERRIDING SYSTEM VALUE).</summary>
    private static Task<ulong> OutboxAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, $"outbox ({PgOutboxRows.Columns})", s.Outbox.FindAll(), async (w, m) =>
        {
            await w.WriteAsync(m.Id, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(m.ContactId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.Storable(m.Channel), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.Storable(m.Urn), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.Storable(m.Text), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.StorableJson(JsonSerializer.Serialize(m.Choices)), NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
            await w.WriteAsync(m.ChoicesPerRow, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await w.WriteAsync((short)m.Keyboard, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
            await w.WriteAsync(PgText.Storable(m.Language), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync((short)m.Priority, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
            await w.WriteAsync((short)m.Purpose, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
            await w.WriteAsync((short)m.Status, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
            await w.WriteAsync(m.Attempts, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await w.WriteAsync(m.Recoveries, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await w.WriteAsync(m.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await w.WriteAsync(m.NextAttemptAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, m.LeaseUntil?.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, m.SentAt?.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, m.ProviderId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, m.ErrorCode, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, m.Error, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, m.GroupId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, m.InReplyTo, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, m.InboundReceivedAt?.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, ct);

    private static Task<ulong> CursorsAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, "cursors (name, position)", s.Cursors.FindAll(), async (w, cursor) =>
        {
            await w.WriteAsync(PgText.Storable(cursor.Id), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(cursor.Position, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
        }, ct);

    private static Task<ulong> CountersAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, "counters (name, value)", s.Counters.FindAll(), async (w, counter) =>
        {
            await w.WriteAsync(PgText.Storable(counter.Id), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(counter.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
        }, ct);

    private static Task<ulong> EarlyReportsAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, "early_reports (provider_id, status, error_code, reported_at)", new LiteOutboxChanges(s).KeptReports(), async (w, kept) =>
        {
            await w.WriteAsync(PgText.Storable(kept.ProviderId), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync((short)kept.Report.Status, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, kept.Report.ErrorCode, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(kept.Report.At.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, ct);

    private static Task<ulong> WindowClosuresAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, "whatsapp_window_closures (urn, closed_at)", s.WindowClosures.FindAll(), async (w, closure) =>
        {
            await w.WriteAsync(PgText.Storable(closure.Id), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(closure.ClosedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, ct);

    private static Task<ulong> QuizAttemptsAsync(NpgsqlConnection c, LiteStore s, CancellationToken ct) =>
        CopyAsync(c, $"quiz_attempts ({PgQuizAttempts.Columns})", s.QuizAttempts.FindAll(), async (w, attempt) =>
        {
            foreach (var value in PgQuizAttempts.Values(attempt))
            {
                if (value.Value is DBNull) await w.WriteNullAsync(ct).ConfigureAwait(false);
                else await w.WriteAsync(value.Value, value.NpgsqlDbType, ct).ConfigureAwait(false);
            }
        }, ct);

    private static async Task<ulong> CopyAsync<T>(NpgsqlConnection connection, string target, IEnumerable<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> writeRow, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct).ConfigureAwait(false);
            await writeRow(importer, row).ConfigureAwait(false);
        }
        return await importer.CompleteAsync(ct).ConfigureAwait(false);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(PgText.Storable(value), type, ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, DateTime? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value.Value, type, ct);
}
