using Npgsql;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgOutboxStore: the outbox on a PostgreSQL database that several instances share.</summary>
/// <remarks>
/// A write is one transaction, committed synchronously. Two instances can lock rows in different orders (a settle and a
/// requeue of one contact's messages, say); PostgreSQL then aborts one of them as a deadlock, and it runs again from
/// the start, which the shared rules allow (their work only reads and changes the outbox through the transaction).
/// </remarks>
/// <param name="recent">The instance's copies of the contacts it wrote last (<see cref="PgConversationStore"/>): a contact this store blocks is dropped from them.</param>
public sealed class PgOutboxStore(NpgsqlDataSource data, TimeProvider? time = null, PgRecentConversations? recent = null) : IOutboxStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private const int MaxTries = 5;

    public async Task<T> WriteAsync<T>(Func<IOutboxChanges, T> work)
    {
        await using var connection = await data.OpenConnectionAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            try
            {
                var changes = new PgOutboxChanges(connection, transaction);
                var result = work(changes);
                changes.Flush();
                await transaction.CommitAsync().ConfigureAwait(false);
                foreach (var contactId in changes.BlockedContacts) recent?.ForgetContact(contactId);
                return result;
            }
            catch (PostgresException ex) when (attempt < MaxTries && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50 * attempt)), _time).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<OutboxMessage>> QueuedAsync()
    {
        // The status in the text lets the plan read the queue from the partial index on queued rows, not the whole history.
        await using var command = data.CreateCommand($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE status = {PgOutboxRows.QueuedStatus} ORDER BY id");
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

    public bool SharedByInstances => true;

    /// <summary>Rescan: how often the whole queue is read again, in case a notification was missed (the listening connection broke).</summary>
    public static readonly TimeSpan Rescan = TimeSpan.FromSeconds(30);

    public async IAsyncEnumerable<IReadOnlyList<OutboxMessage>> WatchQueuedAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var announced = System.Threading.Channels.Channel.CreateUnbounded<long[]>();
            NpgsqlConnection? connection = null;
            try
            {
                connection = await data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                string own;
                await using (var origin = new NpgsqlCommand($"SELECT coalesce(current_setting('{PgOutboxRows.OriginSetting}', true), '')", connection))
                    own = (string)(await origin.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                connection.Notification += (_, e) =>
                {
                    // Rows this pool queued went to this process's delivery queues as they committed (see PgOutboxRows.OriginSetting).
                    var (from, ids) = PgOutboxRows.Announced(e.Payload);
                    if (own.Length == 0 || from != own) announced.Writer.TryWrite(ids);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {PgOutboxRows.QueuedChannel}", connection))
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException && !cancellationToken.IsCancellationRequested)
            {
                if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
                connection = null;
            }
            if (connection is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // The connection goes back to the pool as it is, so it stops listening first (PgSessionState).
            try
            {
                // Listening first, then one scan: a row committed in between is either scanned or announced.
                yield return await QueuedAsync().ConfigureAwait(false);
                var rescanAt = _time.GetUtcNow() + Rescan;
                while (!cancellationToken.IsCancellationRequested)
                {
                    IReadOnlyList<OutboxMessage>? rows = null;
                    var broken = false;
                    try
                    {
                        // A timed wait returns false after a second without notifications, leaving the connection as it is.
                        await connection.WaitAsync(1000, cancellationToken).ConfigureAwait(false);
                        var ids = new List<long>();
                        while (announced.Reader.TryRead(out var batch)) ids.AddRange(batch);
                        if (ids.Count > 0) rows = await QueuedByIdAsync(ids).ConfigureAwait(false);
                        else if (_time.GetUtcNow() >= rescanAt) { rows = await QueuedAsync().ConfigureAwait(false); rescanAt = _time.GetUtcNow() + Rescan; }
                    }
                    catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                    {
                        broken = true; // listen again on a new connection, with a full scan
                    }
                    if (broken) break;
                    if (rows is { Count: > 0 }) yield return rows;
                }
            }
            finally
            {
                await PgSessionState.UndoAsync(connection, "UNLISTEN *", _time).ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<OutboxMessage>> QueuedByIdAsync(List<long> ids)
    {
        // By primary key only: with the status in the query the planner may walk every queued row of a long backlog instead.
        await using var command = data.CreateCommand($"SELECT {PgOutboxRows.Columns} FROM outbox WHERE id = ANY($1) ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        var rows = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
            if (PgOutboxRows.Read(reader) is { Status: OutboxStatus.Queued } row) rows.Add(row);
        return rows;
    }

    public async Task<long> PossibleDuplicatesAsync()
    {
        await using var command = data.CreateCommand(PgOutboxChanges.PossibleDuplicatesSql);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }
}
