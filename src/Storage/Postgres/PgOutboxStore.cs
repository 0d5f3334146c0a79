using Npgsql;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgOutboxStore: the outbox on a PostgreSQL database that several instances share.</summary>
/// <remarks>
/// A write is one transaction, committed synchronously. Two instances can lock rows in different orders (a settle and a
/// requeue of one contact's messages, say); PostgreSQL then aborts one of them as a deadlock, and it runs again from
/// the start, which the shared rules allow (their work only reads and changes the outbox through the transaction).
/// </remarks>
public sealed class PgOutboxStore(NpgsqlDataSource data) : IOutboxStore
{
    private const int MaxTries = 5;

    public async Task<T> WriteAsync<T>(Func<IOutboxChanges, T> work)
    {
        await using var connection = await data.OpenConnectionAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            try
            {
                var result = work(new PgOutboxChanges(connection, transaction));
                await transaction.CommitAsync().ConfigureAwait(false);
                return result;
            }
            catch (PostgresException ex) when (attempt < MaxTries && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                await Task.Delay(Random.Shared.Next(5, 50 * attempt)).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<OutboxMessage>> QueuedAsync()
    {
        await using var command = data.CreateCommand($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE status = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = (short)OutboxStatus.Queued });
        var rows = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false)) rows.Add(PgOutboxRows.Read(reader));
        return rows;
    }

    public async Task<Dictionary<OutboxStatus, int>> CountByStatusAsync(string groupId)
    {
        await using var command = data.CreateCommand("SELECT status, count(*) FROM outbox WHERE group_id = $1 GROUP BY status");
        command.Parameters.Add(new NpgsqlParameter { Value = groupId });
        var counts = new Dictionary<OutboxStatus, int>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false)) counts[(OutboxStatus)reader.GetInt16(0)] = (int)reader.GetInt64(1);
        return counts;
    }

    public async Task<DateTimeOffset?> WhatsAppWindowClosedAtAsync(string urn)
    {
        await using var command = data.CreateCommand("SELECT closed_at FROM whatsapp_window_closures WHERE urn = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = urn });
        return await command.ExecuteScalarAsync().ConfigureAwait(false) is DateTime closed ? new DateTimeOffset(closed, TimeSpan.Zero) : null;
    }

    public async Task<long> PossibleDuplicatesAsync()
    {
        await using var command = data.CreateCommand(PgOutboxChanges.PossibleDuplicatesSql);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }
}
