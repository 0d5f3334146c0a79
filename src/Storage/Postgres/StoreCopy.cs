using Microsoft.Extensions.Logging;
using Npgsql;

namespace OutreachBot.Storage.Postgres;

/// <summary>StoreCopy moves an embedded installation to PostgreSQL: every row of the LiteDB file into an empty, migrated database, ids kept.</summary>
/// <remarks>
/// The file is opened as the service opens it, taking its lock, so a service still running on it makes the copy fail
/// (<see cref="DataFileInUseException"/>) instead of copying a file that changes underneath. The whole copy is one
/// transaction that first locks every table and checks they are empty: a target that has rows is refused and left as
/// it was, and a copy that fails or does not verify leaves the target empty, so it can simply be run again.
/// </remarks>
public static class StoreCopy
{
    /// <summary>CopyAsync copies <paramref name="liteDbPath"/> into <paramref name="connectionString"/> and says what it read and wrote.</summary>
    /// <exception cref="StoreCopyException">The source is missing or holds rows no table takes, or the target is not empty.</exception>
    /// <exception cref="DataFileInUseException">Another process (or store) holds the file.</exception>
    /// <exception cref="StorageConfigurationException">The connection string is wrong or the server cannot be reached.</exception>
    public static async Task<StoreCopyResult> CopyAsync(string liteDbPath, string connectionString, ILogger logger, CancellationToken ct = default)
    {
        var builder = PostgresConnection.Parse(connectionString);
        var target = PostgresConnection.Describe(builder);
        // LiteStore would create a missing file, and an empty copy would then look like a success.
        if (!File.Exists(liteDbPath)) throw new StoreCopyException($"{Path.GetFullPath(liteDbPath)} does not exist; nothing was copied.");
        using var source = OpenSource(liteDbPath);
        if (StoreCopyTables.UnknownChannelStates(source) is { Count: > 0 } unknown)
            throw new StoreCopyException($"{liteDbPath} holds channel_state rows this version cannot copy ({string.Join(", ", unknown.Take(5))}); nothing was copied.");

        await PostgresSchema.MigrateAsync(connectionString, logger, ct).ConfigureAwait(false);
        await using var connection = await PostgresOpen.OpenAsync(builder, ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var names = StoreCopyTables.All.Select(t => t.Name).ToList();
        await RefuseNonEmptyAsync(connection, transaction, names, target, ct).ConfigureAwait(false);

        var tables = new List<TableCopy>();
        foreach (var table in StoreCopyTables.All)
        {
            var read = table.SourceCount(source);
            var written = await table.CopyAsync(connection, source, ct).ConfigureAwait(false);
            tables.Add(new TableCopy(table.Name, read, (long)written, await CountAsync(connection, transaction, table.Name, ct).ConfigureAwait(false)));
        }
        var nextContactId = await MoveSequencesAsync(connection, transaction, Repositories.ContactRepository.MaxId(source), ct).ConfigureAwait(false);
        var result = new StoreCopyResult(target, tables, nextContactId);
        // Committed only when every table holds what the file held: a mismatch leaves the target empty.
        if (!result.Verified)
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return result;
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        // Statistics now, not at autovacuum's next round: a service started at once would otherwise plan for empty tables
        // and keep those plans (sequential scans) on each connection until the tables are analysed.
        await using (var analyze = new NpgsqlCommand($"ANALYZE {string.Join(", ", names)}", connection))
            await analyze.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return result;
    }

    private static LiteStore OpenSource(string path)
    {
        try
        {
            return new LiteStore(path);
        }
        catch (LiteDB.LiteException ex)
        {
            throw new StoreCopyException($"{Path.GetFullPath(path)} cannot be read as a LiteDB data file: {ex.Message}");
        }
    }

    private static async Task RefuseNonEmptyAsync(NpgsqlConnection c, NpgsqlTransaction t, List<string> tables, string target, CancellationToken ct)
    {
        // Locked for the whole copy, so no instance writes a row between this check and the commit.
        await using (var lockTables = new NpgsqlCommand($"LOCK TABLE {string.Join(", ", tables)} IN EXCLUSIVE MODE", c, t))
            await lockTables.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        var filled = new List<string>();
        foreach (var table in tables)
        {
            await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table})", c, t);
            if ((bool)(await any.ExecuteScalarAsync(ct).ConfigureAwait(false))!) filled.Add(table);
        }
        if (filled.Count > 0)
            throw new StoreCopyException($"{target} is not empty ({string.Join(", ", filled)} have rows); copy-store only fills an empty database. Nothing was copied.");
    }

    private static async Task<long> CountAsync(NpgsqlConnection c, NpgsqlTransaction t, string table, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", c, t);
        return (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>MoveSequencesAsync sets the outbox identity past its highest copied id and contact_ids past every id used or retired; returns the next contact id.</summary>
    private static async Task<long> MoveSequencesAsync(NpgsqlConnection c, NpgsqlTransaction t, long maxContactId, CancellationToken ct)
    {
        // setval(.., false) makes the given value the next one handed out; an empty table leaves the identity at 1.
        await using (var outbox = new NpgsqlCommand(
            "SELECT setval(pg_get_serial_sequence('outbox', 'id'), coalesce(max(id), 0) + 1, false) FROM outbox", c, t))
            await outbox.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using var contacts = new NpgsqlCommand("SELECT setval('contact_ids', $1, false)", c, t) { Parameters = { new() { Value = maxContactId + 1 } } };
        return (long)(await contacts.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}

/// <summary>TableCopy: one table's rows in the file, rows the copy wrote, and rows the target then held.</summary>
public sealed record TableCopy(string Table, long Read, long Written, long InTarget)
{
    public bool Verified => Written == Read && InTarget == Read;
}

/// <summary>StoreCopyResult: what a copy did; committed only when <see cref="Verified"/>.</summary>
/// <param name="Target">The database, named without its password.</param>
/// <param name="NextContactId">The id the target's next new contact gets.</param>
public sealed record StoreCopyResult(string Target, IReadOnlyList<TableCopy> Tables, long NextContactId)
{
    public bool Verified => Tables.All(t => t.Verified);
}

/// <summary>StoreCopyException: the copy was refused before anything was written; the message says why in one line.</summary>
public sealed class StoreCopyException(string message) : Exception(message);
