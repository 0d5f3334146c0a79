using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgQuizAttempts: how a quiz or poll attempt is kept in the quiz_attempts table.</summary>
internal static class PgQuizAttempts
{
    public const string Columns = "id, contact_id, content_id, kind, content_version, number, channel, language, started_at, finished_at, question_count, score, passed, answers";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    /// <summary>Upsert stores the attempt's latest copy for <paramref name="contactId"/> (a merge may have given it another owner).</summary>
    public static NpgsqlBatchCommand Upsert(QuizAttempt attempt, long contactId)
    {
        attempt.ContactId = contactId;
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO quiz_attempts ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) " +
            "ON CONFLICT (id) DO UPDATE SET contact_id = excluded.contact_id, content_version = excluded.content_version, " +
            "channel = excluded.channel, language = excluded.language, finished_at = excluded.finished_at, " +
            "question_count = excluded.question_count, score = excluded.score, passed = excluded.passed, answers = excluded.answers");
        foreach (var value in Values(attempt)) command.Parameters.Add(value);
        return command;
    }

    /// <summary>Values: the row's columns in <see cref="Columns"/>' order, each typed (COPY writes them as they are).</summary>
    public static IEnumerable<NpgsqlParameter> Values(QuizAttempt a) =>
    [
        Typed(PgText.Storable(a.Id), NpgsqlDbType.Text),
        Typed(a.ContactId, NpgsqlDbType.Bigint),
        Typed(PgText.Storable(a.ContentId), NpgsqlDbType.Text),
        Typed(PgText.Storable(a.Kind), NpgsqlDbType.Text),
        Typed(a.ContentVersion, NpgsqlDbType.Integer),
        Typed(a.Number, NpgsqlDbType.Integer),
        Typed(PgText.Storable(a.Channel), NpgsqlDbType.Text),
        Typed(PgText.Storable(a.Language), NpgsqlDbType.Text),
        Typed(a.StartedAt.UtcDateTime, NpgsqlDbType.TimestampTz),
        Typed(a.FinishedAt?.UtcDateTime, NpgsqlDbType.TimestampTz),
        Typed(a.QuestionCount, NpgsqlDbType.Integer),
        Typed(a.Score, NpgsqlDbType.Integer),
        Typed(a.Passed, NpgsqlDbType.Boolean),
        Typed(AnswersJson(a), NpgsqlDbType.Jsonb),
    ];

    private static NpgsqlParameter Typed(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    public static string AnswersJson(QuizAttempt a) => PgText.StorableJson(JsonSerializer.Serialize(a.Answers, Options));

    /// <summary>Read: an attempt from a reader positioned on a row selected with <see cref="Columns"/> first.</summary>
    public static QuizAttempt Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        ContactId = r.GetInt64(1),
        ContentId = r.GetString(2),
        Kind = r.GetString(3),
        ContentVersion = r.GetInt32(4),
        Number = r.GetInt32(5),
        Channel = r.GetString(6),
        Language = r.GetString(7),
        StartedAt = new DateTimeOffset(r.GetDateTime(8), TimeSpan.Zero),
        FinishedAt = r.IsDBNull(9) ? null : new DateTimeOffset(r.GetDateTime(9), TimeSpan.Zero),
        QuestionCount = r.GetInt32(10),
        Score = r.IsDBNull(11) ? null : r.GetInt32(11),
        Passed = r.IsDBNull(12) ? null : r.GetBoolean(12),
        Answers = JsonSerializer.Deserialize<List<QuizAnswer>>(r.GetString(13), Options) ?? [],
    };
}
