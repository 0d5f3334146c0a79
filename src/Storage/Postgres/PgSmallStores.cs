using Npgsql;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgChannelCursors: each cursor is one row of <c>cursors</c>.</summary>
public sealed class PgChannelCursors(NpgsqlDataSource data) : IChannelCursors
{
    public async Task<long?> GetAsync(ChannelCursor cursor)
    {
        await using var command = data.CreateCommand("SELECT position FROM cursors WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = cursor.ToString() });
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as long?;
    }

    public async Task SaveAsync(ChannelCursor cursor, long position)
    {
        await using var command = data.CreateCommand(
            "INSERT INTO cursors (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position");
        command.Parameters.Add(new NpgsqlParameter { Value = cursor.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = position });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}

/// <summary>PgInboundLog: the inbound log's answers, through its (urn, channel, received_at) index.</summary>
public sealed class PgInboundLog(NpgsqlDataSource data) : IInboundLog
{
    public async Task<DateTimeOffset?> LastInboundAtAsync(string channel, string urn)
    {
        await using var command = data.CreateCommand("SELECT max(received_at) FROM inbound WHERE urn = $1 AND channel = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = urn });
        command.Parameters.Add(new NpgsqlParameter { Value = channel });
        return await command.ExecuteScalarAsync().ConfigureAwait(false) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }
}

/// <summary>PgRetentionStore: old inbound rows are deleted and old settled texts blanked, a batch per statement.</summary>
/// <remarks>The outbox walk keeps its place in the cursor <see cref="ChannelCursor.RetentionOutbox"/>, as on the embedded store.</remarks>
public sealed class PgRetentionStore(NpgsqlDataSource data) : IRetentionStore
{
    public async Task<int> PruneInboundAsync(DateTimeOffset cutoff, int batch)
    {
        await using var command = data.CreateCommand(
            "DELETE FROM inbound WHERE ctid IN (SELECT ctid FROM inbound WHERE received_at < $1 LIMIT $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch });
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async Task<(int Seen, int Blanked)> BlankOutboxAsync(DateTimeOffset cutoff, int batch)
    {
        // One statement: the batch of rows after the cursor that are older than the cutoff, the settled ones with a text
        // blanked, and the cursor moved past the batch.
        await using var command = data.CreateCommand("""
            WITH start AS (SELECT coalesce((SELECT position FROM cursors WHERE name = $4), 0) AS after),
            walk AS (
                SELECT o.id, o.status, o.text, o.choices FROM outbox o, start
                WHERE o.id > start.after AND o.created_at < $1 ORDER BY o.id LIMIT $2),
            blanked AS (
                UPDATE outbox o SET text = '', choices = '[]'::jsonb FROM walk
                WHERE o.id = walk.id AND walk.status >= $3 AND (walk.text <> '' OR walk.choices <> '[]'::jsonb)
                RETURNING o.id),
            moved AS (
                INSERT INTO cursors (name, position) SELECT $4, max(id) FROM walk HAVING count(*) > 0
                ON CONFLICT (name) DO UPDATE SET position = excluded.position)
            SELECT (SELECT count(*) FROM walk), (SELECT count(*) FROM blanked)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)OutboxStatus.Sent });
        command.Parameters.Add(new NpgsqlParameter { Value = ChannelCursor.RetentionOutbox.ToString() });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}

/// <summary>PgStorageHealth: the database answers, or says why not; it never stops for good (the server may come back).</summary>
public sealed class PgStorageHealth(NpgsqlDataSource data) : IStorageHealth
{
    public Exception? Failure => null;

    public Task<Exception> Stopped { get; } = new TaskCompletionSource<Exception>().Task;

    public async Task<string?> ProblemAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = data.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            return $"not answering: the database did not answer within {timeout.TotalSeconds:0} s";
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException && !cancellationToken.IsCancellationRequested)
        {
            return $"failing: {ex.GetType().Name}: {ex.Message}";
        }
    }

    public async Task<long> ContactCountAsync()
    {
        await using var command = data.CreateCommand("SELECT count(*) FROM contacts");
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }
}

/// <summary>PgServiceRecord: instances on a shared database are reached through their own addresses; nothing is recorded.</summary>
public sealed class PgServiceRecord : IServiceRecord
{
    public void Publish(IReadOnlyList<string> urls) { }
}
