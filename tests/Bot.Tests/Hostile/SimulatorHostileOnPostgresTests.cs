using System.Net;
using System.Net.Http.Json;
using Npgsql;
using OutreachBot.Bot.Tests.Support;
using static OutreachBot.Bot.Tests.Hostile.SimulatorHostileCases;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>The simulator's hostile table again with the service on PostgreSQL, whose text rules differ (no U+0000, stricter encodings).</summary>
public sealed class SimulatorHostileOnPostgresTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private BotHostFactory _host = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        var settings = await StoreHosts.SettingsAsync(StoreKind.PostgreSql);
        _database = settings["ConnectionStrings:Outreach"]!;
        _host = StoreHosts.Host(_folder.File("unused.db"), settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<long> InboundAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand("SELECT count(*) FROM inbound", connection).ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task EveryHostileRequestGetsItsExpectedAnswerWithNo5xxAndStoresWhatItShould()
    {
        var client = _host.CreateClient();
        var cases = All().ToList();
        var failures = new List<string>();
        foreach (var hostile in cases)
        {
            var before = await InboundAsync();
            using var response = await client.SendAsync(hostile.Build());
            var status = (int)response.StatusCode;
            if (status >= 500 || !hostile.Allowed.Contains(response.StatusCode))
                failures.Add($"{hostile.Name}: {status} (wanted {string.Join("/", hostile.Allowed.Select(s => (int)s))})");
            else if (status < 400 && await InboundAsync() - before != hostile.Stores)
                failures.Add($"{hostile.Name}: stored {await InboundAsync() - before}, wanted {hostile.Stores}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(cases.Sum(c => c.Stores), await InboundAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Messages, new { from = "after", text = "انضم" })).StatusCode);
    }
}
