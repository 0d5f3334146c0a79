using Npgsql;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>The test cluster itself: a real server that needs its password and keeps committed rows across a crash.</summary>
public sealed class PostgresClusterTests
{
    [Fact]
    public async Task AClusterStartsNeedsItsPasswordAndKeepsCommittedRowsAcrossACrash()
    {
        using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync("keep");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            Assert.StartsWith("15", connection.PostgreSqlVersion.ToString());
            await new NpgsqlCommand("CREATE TABLE t (v int); INSERT INTO t VALUES (7)", connection).ExecuteNonQueryAsync();
        }

        var wrong = new NpgsqlConnectionStringBuilder(connectionString) { Password = "wrong", Pooling = false }.ConnectionString;
        var refused = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var connection = new NpgsqlConnection(wrong);
            await connection.OpenAsync();
        });
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);

        await cluster.CrashAsync();
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        });
        await cluster.StartServerAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            Assert.Equal(7, await new NpgsqlCommand("SELECT v FROM t", connection).ExecuteScalarAsync());
        }
    }

    [Theory]
    [InlineData(false, "off")]
    [InlineData(true, "on")]
    public async Task FsyncIsOffForTestsAndOnWhenABenchmarkAsksAlsoAfterARestart(bool fsync, string expected)
    {
        using var cluster = fsync ? await PostgresCluster.StartAsync(fsync: true) : await PostgresCluster.StartAsync();
        Assert.Equal(expected, await ShowAsync(cluster, "fsync"));
        Assert.Equal(expected, await ShowAsync(cluster, "full_page_writes"));

        await cluster.CrashAsync();
        NpgsqlConnection.ClearAllPools();
        await cluster.StartServerAsync();
        Assert.Equal(expected, await ShowAsync(cluster, "fsync"));
    }

    private static async Task<string> ShowAsync(PostgresCluster cluster, string setting)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        return (string)(await new NpgsqlCommand("SHOW " + setting, connection).ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task TheSharedClusterGivesEachTestItsOwnDatabase()
    {
        var first = await SharedPostgres.CreateDatabaseAsync();
        var second = await SharedPostgres.CreateDatabaseAsync();
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        await using var connection = new NpgsqlConnection(second);
        await connection.OpenAsync();
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", connection).ExecuteScalarAsync());
    }
}
