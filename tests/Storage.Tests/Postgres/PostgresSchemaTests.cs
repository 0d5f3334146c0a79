using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Storage.Postgres;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>The schema migrations: applied once however often and however many instances run them, and clear errors that keep the password out.</summary>
public sealed class PostgresSchemaTests
{
    [Fact]
    public async Task MigratingTwiceAppliesEachScriptOnceAndTheSecondRunChangesNothing()
    {
        var database = await SharedPostgres.CreateDatabaseAsync();
        var first = await PostgresSchema.MigrateAsync(database, NullLogger.Instance);
        Assert.Contains(first, s => s.EndsWith("V001__initial.sql", StringComparison.Ordinal));
        Assert.Contains(first, s => s.EndsWith("V002__quiz_attempts.sql", StringComparison.Ordinal));
        Assert.Contains(first, s => s.EndsWith("V003__outbox_queued_indexes.sql", StringComparison.Ordinal));
        Assert.Empty(await PostgresSchema.MigrateAsync(database, NullLogger.Instance));

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using var reader = await new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1", connection).ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Equal(["contacts", "counters", "cursors", "early_reports", "inbound", "outbox", "quiz_attempts", "schema_versions", "sessions", "urns", "whatsapp_window_closures"], tables);
    }

    [Fact]
    public async Task InstancesStartingTogetherTakeTurnsAndEveryScriptRunsOnce()
    {
        var database = await SharedPostgres.CreateDatabaseAsync();
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresSchema.MigrateAsync(database, NullLogger.Instance))));
        Assert.Equal(1, runs.Count(r => r.Count > 0));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var journal = (long)(await new NpgsqlCommand("SELECT count(*) FROM schema_versions", connection).ExecuteScalarAsync())!;
        Assert.Equal(runs.Max(r => r.Count), journal);
    }

    [Fact]
    public async Task AWrongPasswordIsAStartErrorNamingTheSettingAndNeverThePassword()
    {
        var database = await SharedPostgres.CreateDatabaseAsync();
        var wrong = new NpgsqlConnectionStringBuilder(database) { Password = "Secret-Do-Not-Print-42" }.ConnectionString;
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => PostgresSchema.MigrateAsync(wrong, NullLogger.Instance));
        Assert.Contains(PostgresConnection.Setting, error.Message);
        Assert.Contains("28P01", error.Message); // invalid_password
        Assert.DoesNotContain("Secret-Do-Not-Print-42", error.ToString());
    }

    [Fact]
    public async Task AnUnreachableServerIsAStartErrorNamingTheSettingAndTheServer()
    {
        var unreachable = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = 1, Database = "outreach", Username = "outreach", Password = "Secret-Do-Not-Print-43", Timeout = 3,
        }.ConnectionString;
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => PostgresSchema.MigrateAsync(unreachable, NullLogger.Instance));
        Assert.Contains(PostgresConnection.Setting, error.Message);
        Assert.Contains("outreach@127.0.0.1:1/outreach", error.Message);
        Assert.DoesNotContain("Secret-Do-Not-Print-43", error.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is not a connection string")]
    [InlineData("Host=db;Password=Secret-Do-Not-Print-44")]
    public void AMalformedConnectionStringNamesTheSettingAndNeverRepeatsIt(string text)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => PostgresConnection.Parse(text));
        Assert.Contains(PostgresConnection.Setting, error.Message);
        Assert.DoesNotContain("Secret-Do-Not-Print-44", error.ToString());
    }
}
