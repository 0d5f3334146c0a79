using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Storage.Postgres;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>The URN look-ups every message makes probe the primary key one by one, in the plan each connection keeps for
/// its prepared statement, even when that plan was made on tables a quarter of their size.</summary>
/// <remarks>
/// With <c>urn = ANY($1)</c> over a few thousand URNs the planner prefers scanning the table and comparing every row with
/// every URN of the batch, and kept that plan as the table grew (seen in the pipeline benchmark).
/// </remarks>
public sealed class PgLookupPlanTests
{
    [Fact]
    public async Task TheConversationReadProbesTheUrnIndexInsteadOfScanningTheUrns()
    {
        var plan = await GenericPlanAsync(PgConversationStore.LoadManySql, "'{sim:bench17,sim:bench1234}', '{17}', '{2}'", plannedAt: 1000);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("urns_pkey", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNewUrnCheckProbesTheUrnIndex()
    {
        var plan = await GenericPlanAsync(PgBatchWrites.OwnedSql, "'{sim:new1,sim:bench5}'", plannedAt: 1000);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("urns_pkey", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConversationReadIsPlannedOncePerConnectionNotOnEveryCall()
    {
        var database = await SharedPostgres.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, NullLogger.Instance);
        await using (var setup = new NpgsqlConnection(database))
        {
            await setup.OpenAsync();
            await AddContactsAsync(setup, 1, 200);
        }
        // One connection, preparing as the service's pool does, so its prepared statements can be counted afterwards.
        await using var data = NpgsqlDataSource.Create(PostgresPool.Settings(database, maxConnections: 1).ConnectionString);
        await using var store = new PgConversationStore(data);
        for (var i = 1; i <= 12; i++) Assert.NotNull((await store.LoadAsync("sim:bench" + i)).Contact);

        await using var connection = await data.OpenConnectionAsync();
        await using var plans = new NpgsqlCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%AS q(urn) CROSS JOIN LATERAL%'", connection);
        await using var reader = await plans.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the conversation read was not prepared");
        // Prepared at its fifth call: that one and the seven after it all ran the one generic plan, none planned afresh.
        Assert.Equal((8L, 0L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    /// <summary>GenericPlanAsync: the plan a connection keeps for <paramref name="sql"/>, made when the database held
    /// <paramref name="plannedAt"/> contacts with 12 messages each (analysed), and still used once it holds 4,000: only an
    /// ANALYZE makes a prepared statement plan again, and a table can grow faster than autovacuum's rounds (a service's
    /// first minutes, the pipeline benchmark).</summary>
    /// <remarks>Below a page or two a scan is cheaper than any index, whatever the query says; such a table is analysed
    /// again after 50 rows and 10 %, and each ANALYZE replans.</remarks>
    private static async Task<string> GenericPlanAsync(string sql, string arguments, int plannedAt)
    {
        var database = await SharedPostgres.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, NullLogger.Instance);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await AddContactsAsync(connection, 1, plannedAt);
        await ExecuteAsync(connection,
            "ANALYZE",
            // The plan a prepared statement keeps after its first few runs; forced here so the first run makes it.
            "SET plan_cache_mode = force_generic_plan",
            $"PREPARE lookup AS {sql}");
        await ExplainAsync(connection, arguments);
        await AddContactsAsync(connection, plannedAt + 1, 4000);
        return await ExplainAsync(connection, arguments);
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string arguments)
    {
        await using var explain = new NpgsqlCommand($"EXPLAIN EXECUTE lookup({arguments})", connection);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join("\n", lines);
    }

    private static Task AddContactsAsync(NpgsqlConnection connection, int first, int last) => ExecuteAsync(connection,
        "INSERT INTO contacts (id, version, status, phone, is_simulated, created_at, doc) " +
        $"SELECT g, 2, 0, NULL, true, now(), jsonb_build_object('Id', g, 'Urns', jsonb_build_array('sim:bench' || g)) FROM generate_series({first}, {last}) g",
        $"INSERT INTO urns (urn, contact_id) SELECT 'sim:bench' || g, g FROM generate_series({first}, {last}) g",
        $"INSERT INTO sessions (contact_id, doc) SELECT g, jsonb_build_object('ContactId', g) FROM generate_series({first}, {last}) g",
        "INSERT INTO inbound (channel, provider_id, contact_id, urn, text, kind, received_at) " +
        $"SELECT 'sim', 'bench' || g || '-' || s, g, 'sim:bench' || g, 'نعم', 'Text', now() FROM generate_series({first}, {last}) g, generate_series(0, 11) s");

    private static async Task ExecuteAsync(NpgsqlConnection connection, params string[] statements)
    {
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
