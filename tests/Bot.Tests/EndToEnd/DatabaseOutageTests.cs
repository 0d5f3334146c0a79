using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.TestSupport;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>A PostgreSQL server that goes away while the service runs and comes back: nothing acknowledged is lost, and no restart is needed.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private PostgresCluster _cluster = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        _database = await _cluster.CreateDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        _cluster.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private static Task<HttpResponseMessage> SayAsync(HttpClient client, string user, string id) =>
        client.PostAsJsonAsync("/api/simulator/messages", new { from = user, text = "انضم", id });

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task WhileTheDatabaseIsDownMessagesAre503AndAfterItIsBackTheyAreStoredAndAnsweredWithoutARestart()
    {
        await using var host = StoreHosts.Host(_folder.File("unused.db"), new()
        {
            ["Storage:Provider"] = "PostgreSql",
            ["ConnectionStrings:Outreach"] = _database,
        });
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await SayAsync(client, "before", "b1")).StatusCode);
        await Eventually.TrueAsync(async () => (await client.GetStringAsync("/healthz")) == "ok", "delivery running");
        // On a shared store delivery starts its buckets empty, so the first reply leaves a moment after it runs; one
        // still in flight at the crash would lose its outcome and wait out its lease, which is not what this tests.
        await Eventually.TrueAsync(async () => await CountAsync($"SELECT count(*) FROM outbox WHERE status <> {(int)OutboxStatus.Sent}") == 0,
            "the first reply delivered");

        await _cluster.CrashAsync();
        var during = await SayAsync(client, "during", "d1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.StartsWith("storage ", await health.Content.ReadAsStringAsync());

        await _cluster.StartServerAsync();
        // The provider sends the refused message again: now it is stored, answered, and its reply delivered.
        await Eventually.TrueAsync(async () => (await SayAsync(client, "during", "d1")).StatusCode == HttpStatusCode.OK, "the message stored once the database is back");
        Assert.Equal(HttpStatusCode.OK, (await SayAsync(client, "after", "a1")).StatusCode);
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM inbound"));
        await Eventually.TrueAsync(async () => await CountAsync($"SELECT count(*) FROM outbox WHERE status <> {(int)OutboxStatus.Sent}") == 0,
            "every reply delivered after the outage");
        await Eventually.TrueAsync(async () => (await client.GetStringAsync("/healthz")) == "ok", "healthy again");
    }
}
