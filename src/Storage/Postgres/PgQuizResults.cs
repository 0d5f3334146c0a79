using Npgsql;
using OutreachBot.Storage.Results;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgQuizResults: one quiz's attempts with their contacts' profile fields, in one query on the content index.</summary>
internal sealed class PgQuizResults(NpgsqlDataSource data) : IQuizResults
{
    public async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(string contentId, bool includeSimulated = false, CancellationToken ct = default)
    {
        var columns = string.Join(", ", PgQuizAttempts.Columns.Split(", ").Select(c => "a." + c));
        await using var command = data.CreateCommand(
            $"SELECT {columns}, c.doc->>'Governorate', c.doc->>'Gender', c.doc->>'AgeBand' " +
            "FROM quiz_attempts a JOIN contacts c ON c.id = a.contact_id WHERE a.content_id = $1 AND ($2 OR NOT c.is_simulated)");
        command.Parameters.Add(new() { Value = PgText.Storable(contentId) });
        command.Parameters.Add(new() { Value = includeSimulated });
        var rows = new List<AttemptRow>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(new AttemptRow(PgQuizAttempts.Read(reader),
                reader.IsDBNull(14) ? null : reader.GetString(14), reader.IsDBNull(15) ? null : reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetString(16)));
        }
        return rows;
    }
}
