using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OutreachBot.Bench.Ceiling;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Postgres;
using OutreachBot.TestSupport;

namespace OutreachBot.Bench.Pipeline.Stores;

/// <summary>PostgresBenchStore: a throw-away PostgreSQL cluster (the tests' <see cref="PostgresCluster"/>) with one new database.</summary>
/// <remarks>
/// fsync is on unless --fsync-off asks otherwise: the tests' clusters run without it, which would make every commit free.
/// The service makes one transaction per message with synchronous_commit on; the server groups the WAL flushes of
/// commits that arrive together, so the flushes per message, read from pg_stat_wal, show how much it grouped.
/// </remarks>
public sealed class PostgresBenchStore : IBenchStore
{
    private const string Database = "bench";
    private readonly PostgresCluster _cluster;

    private readonly bool _statements;

    private PostgresBenchStore(PostgresCluster cluster, string description, Dictionary<string, string?> settings, bool statements) =>
        (_cluster, Description, Settings, _statements) = (cluster, description, settings, statements);

    public string Description { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>StartAsync starts the cluster and creates the database; the host migrates the schema when it starts.</summary>
    /// <param name="statements">Load pg_stat_statements and print, after the run, the statements the server spent most time on.</param>
    /// <param name="serverSettings">More <c>-c name=value</c> server settings (--server), such as a larger shared_buffers.</param>
    public static async Task<PostgresBenchStore> StartAsync(bool fsync, int? maxConnections, bool statements = false, string serverSettings = "")
    {
        var cluster = await PostgresCluster.StartAsync(fsync, serverSettings + " " + (statements ? "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on" : ""));
        try
        {
            var connectionString = await cluster.CreateDatabaseAsync(Database);
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "PostgreSql",
                ["ConnectionStrings:Outreach"] = connectionString,
            };
            if (maxConnections is { } max) settings["Storage:MaxConnections"] = max.ToString();

            await using var connection = new NpgsqlConnection(cluster.ConnectionString());
            await connection.OpenAsync();
            if (statements) await ScalarAsync<object>(connection, "CREATE EXTENSION pg_stat_statements", nullable: true);
            var server = await ScalarAsync<string>(connection, "SHOW server_version");
            var shown = new List<string>();
            foreach (var name in (string[])["fsync", "full_page_writes", "wal_sync_method", "shared_buffers", "wal_buffers"])
                shown.Add($"{name}={await ScalarAsync<string>(connection, "SHOW " + name)}");
            var description = $"PostgreSQL {server} on loopback ({string.Join(", ", shown)}, synchronous_commit=on per connection), " +
                              $"Storage:MaxConnections={maxConnections ?? new OutreachBot.Storage.StorageOptions().MaxConnections}";
            return new PostgresBenchStore(cluster, description, settings, statements);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public bool SharedByInstances => true;

    public long ConversationCommits(IEnumerable<IServiceProvider> hosts) => Sum(hosts, store => store.Commits);

    public long TrustedReads(IEnumerable<IServiceProvider> hosts) => Sum(hosts, store => store.TrustedReads);

    public long StaleWrites(IEnumerable<IServiceProvider> hosts) => Sum(hosts, store => store.StaleWrites);

    /// <summary>Sum: a figure of every host's conversation store, added up.</summary>
    private static long Sum(IEnumerable<IServiceProvider> hosts, Func<PgConversationStore, long> figure) =>
        hosts.Sum(h => figure((PgConversationStore)h.GetRequiredService<IConversationStore>()));

    public StorageThreadTimes? StorageThreadTimes(IServiceProvider services) => null;

    public async Task AfterWarmUpAsync()
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString(Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<StoredFigures> ReadAsync(IServiceProvider services)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString(Database));
        await connection.OpenAsync();
        return new StoredFigures(
            await ScalarAsync<long>(connection, "SELECT count(*) FROM inbound"),
            await ScalarAsync<long>(connection, "SELECT count(*) FROM contacts"),
            await ScalarAsync<long>(connection, "SELECT count(*) FROM contacts WHERE doc->>'VolunteerNumber' IS NOT NULL"),
            await ScalarAsync<long>(connection, "SELECT count(*) FROM outbox"),
            await ScalarAsync<long>(connection, $"SELECT count(*) FROM outbox WHERE status >= {(int)OutboxStatus.Sent} AND status < {(int)OutboxStatus.Undelivered}"),
            await ScalarAsync<long>(connection, $"SELECT count(*) FROM outbox WHERE status IN ({(int)OutboxStatus.Queued}, {(int)OutboxStatus.Sending})"),
            await ScalarAsync<long>(connection, "SELECT coalesce(sum(recoveries), 0)::bigint FROM outbox"),
            await ScalarAsync<long>(connection, "SELECT count(*) FROM quiz_attempts WHERE finished_at IS NOT NULL"));
    }

    public async Task<long> UnsettledAsync(IServiceProvider services)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString(Database));
        await connection.OpenAsync();
        // Answered from the outbox's partial indexes on queued and sending rows, not by reading the table.
        return await ScalarAsync<long>(connection, "SELECT (SELECT count(*) FROM outbox WHERE status = 0) + (SELECT count(*) FROM outbox WHERE status = 1)");
    }

    /// <summary>CeilingAsync runs the ceiling in a new database; with --statements it prints that database's costliest statements, beside the pipeline's.</summary>
    public async Task<CeilingResult> CeilingAsync(CeilingSample sample, int prefill, int messages, int batch)
    {
        var database = "ceiling_" + Guid.NewGuid().ToString("N")[..8];
        var result = await PostgresCeiling.RunAsync(await _cluster.CreateDatabaseAsync(database), sample, prefill, messages, batch);
        if (_statements)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_cluster.ConnectionString());
            await connection.OpenAsync();
            Console.WriteLine($"ceiling at {batch} per transaction, prefill included: " + await TopStatementsAsync(connection, database));
        }
        return result;
    }

    /// <summary>AfterStopAsync reads the server's transaction and WAL flush counts for the whole run, warm-up included.</summary>
    /// <remarks>A backend hands its counts to the statistics only now and then, and always when it exits: so they are read once the host's connections are gone.</remarks>
    public async Task<string?> AfterStopAsync()
    {
        // Connections opened outside the host's data source (schema migration, ContentsAsync) idle in Npgsql's shared pool.
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString());
        await connection.OpenAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await ScalarAsync<long>(connection, $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{Database}' AND backend_type = 'client backend'") > 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30)) return "server statistics: the host's connections did not close within 30 s";
            await Task.Delay(50);
        }
        var commits = await ScalarAsync<long>(connection, $"SELECT xact_commit FROM pg_stat_database WHERE datname = '{Database}'");
        var syncs = await ScalarAsync<long>(connection, "SELECT wal_sync FROM pg_stat_wal");
        var records = await ScalarAsync<long>(connection, "SELECT wal_records FROM pg_stat_wal");
        var bytes = await ScalarAsync<decimal>(connection, "SELECT wal_bytes FROM pg_stat_wal");
        var figures = $"server, whole run (warm-up included): {commits} transactions committed (reads and delivery included), " +
                      $"{syncs} WAL fsyncs, {records} WAL records, {bytes / 1048576m:F0} MiB of WAL";
        return _statements ? figures + "\n" + await TopStatementsAsync(connection, Database) : figures;
    }

    /// <summary>TopStatementsAsync: the 15 statements of <paramref name="database"/> the server spent most time executing.</summary>
    private static async Task<string> TopStatementsAsync(NpgsqlConnection connection, string database)
    {
        await using var command = new NpgsqlCommand(
            "SELECT calls, total_exec_time, rows, plans, total_plan_time, wal_bytes::bigint, wal_fpi, shared_blks_hit + shared_blks_read, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) FROM pg_stat_statements " +
            $"WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{database}') ORDER BY total_exec_time DESC LIMIT 15", connection);
        var lines = new System.Text.StringBuilder("statements by server time (calls, ms executing, rows, plans, ms planning, KiB of WAL, full-page images, buffers touched, text; a prepared statement is planned a few times per connection, not per call):");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Append($"\n  {reader.GetInt64(0),8} {reader.GetDouble(1),9:F0} {reader.GetInt64(2),8} {reader.GetInt64(3),7} {reader.GetDouble(4),7:F0} {reader.GetInt64(5) / 1024,8} {reader.GetInt64(6),6} {reader.GetInt64(7),8}  {reader.GetString(8)}");
        return lines.ToString();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, bool nullable = false)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return nullable && (value is null or DBNull) ? default! : (T)value!;
    }

    public ValueTask DisposeAsync()
    {
        _cluster.Dispose();
        return ValueTask.CompletedTask;
    }
}
