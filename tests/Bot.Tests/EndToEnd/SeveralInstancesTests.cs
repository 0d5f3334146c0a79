using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>Three instances of the service on one PostgreSQL database.</summary>
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private Dictionary<string, string?> _settings = [];
    private readonly List<BotHostFactory> _hosts = [];
    private readonly List<HttpClient> _clients = [];
    private readonly CollectingLoggerProvider _logs = new();

    public async Task InitializeAsync()
    {
        _settings = await StoreHosts.SettingsAsync(StoreKind.PostgreSql);
        for (var i = 0; i < 3; i++)
        {
            var host = StoreHosts.Host(_folder.File($"unused-{i}.db"), _settings, _logs);
            _hosts.Add(host);
            _clients.Add(host.CreateClient());
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<SimulatorResponse> SayAsync(HttpClient client, string user, string text, string id)
    {
        var answer = await client.PostAsJsonAsync("/api/simulator/messages", new { from = user, text, id });
        Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode} for {id}: " + string.Join("\n", _logs.Lines.Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase)).Take(5)));
        return (await answer.Content.ReadFromJsonAsync<SimulatorResponse>())!;
    }

    /// <summary>HealthAsync reads /healthz of every instance still running ("stopped" for one disposed).</summary>
    private async Task<string[]> HealthAsync() => await Task.WhenAll(_clients.Select(async (c, i) =>
    {
        if (_stopped.Contains(i)) return "stopped";
        var answer = await c.GetAsync("/healthz");
        return await answer.Content.ReadAsStringAsync();
    }));

    private readonly HashSet<int> _stopped = [];

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_settings["ConnectionStrings:Outreach"]);
        await connection.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task ASignUpWhoseMessagesReachThreeInstancesInTurnEndsRegisteredWithEveryStepInOrder()
    {
        string[] script = ["انضم", "عربي", "منى أحمد علي", "المنيا", "مطاي", "٠١٠٠١٢٣٤٥٦٧", "2", "1", "١، ٣", "2", "نعم", "تأكيد"];
        for (var i = 0; i < script.Length; i++)
            Assert.NotEmpty((await SayAsync(_clients[i % 3], "mona", script[i], "m" + i)).Replies);

        var contact = (await _hosts[0].Services.GetRequiredService<IConversationStore>().LoadAsync("sim:mona")).Contact!;
        Assert.Equal("منى أحمد علي", contact.Name);
        Assert.NotNull(contact.VolunteerNumber);
        Assert.True(contact.Consent!.Accepted);
        Assert.Equal(script.Length, await ScalarAsync("SELECT count(*) FROM inbound"));
    }

    [Fact]
    public async Task ABurstOfAThousandRedeliveriesOverThreeInstancesIsHandledOncePerMessageAndEveryReplyIsSentOnce()
    {
        // Delivery already runs on one instance, so what the other two store must reach it as they store it.
        await Eventually.TrueAsync(async () => (await HealthAsync()).Count(h => h == "ok") == 1, "one instance delivering");
        // 100 people each send one message; each message is delivered 10 times, to the three instances at once.
        var sends = Enumerable.Range(0, 1000).Select(n => (User: "p" + n % 100, Id: "burst-" + n % 100, Client: _clients[n % 3])).ToList();
        var answers = await Task.WhenAll(sends.Select(s => SayAsync(s.Client, s.User, "انضم", s.Id)));

        Assert.Equal(100, answers.Count(a => !a.Duplicate));
        Assert.All(sends.Zip(answers).GroupBy(p => p.First.Id), g => Assert.Single(g, p => !p.Second.Duplicate));
        Assert.Equal(100, await ScalarAsync("SELECT count(*) FROM inbound"));
        Assert.Equal(100, await ScalarAsync("SELECT count(*) FROM contacts"));

        // One instance delivers; every reply leaves once (Sent with one attempt), whichever instance stored it.
        var replies = await ScalarAsync("SELECT count(*) FROM outbox");
        Assert.True(replies >= 100);
        await Eventually.TrueAsync(async () => await ScalarAsync($"SELECT count(*) FROM outbox WHERE status = {(int)OutboxStatus.Sent}") == replies,
            "every reply sent");
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM outbox WHERE attempts <> 1 OR recoveries <> 0"));
        await Eventually.TrueAsync(async () => (await HealthAsync()).Count(h => h == "ok") == 1, "one instance delivering");
        var health = await HealthAsync();
        Assert.Single(health, h => h == "ok");
        Assert.Equal(2, health.Count(h => h.StartsWith("ok: standby", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RepliesStoredOnAStandbyInstanceAreSentByTheDeliveringOneAsTheyCommit()
    {
        await Eventually.TrueAsync(async () => (await HealthAsync()).Count(h => h == "ok") == 1, "one instance delivering");
        var standby = Array.FindIndex(await HealthAsync(), h => h.StartsWith("ok: standby", StringComparison.Ordinal));
        // Each message once, to a standby instance only: the delivering one hears of the replies from the store alone.
        for (var i = 0; i < 20; i++) await SayAsync(_clients[standby], "s" + i, "انضم", "s" + i);
        await Eventually.TrueAsync(async () => await ScalarAsync($"SELECT count(*) FROM outbox WHERE status <> {(int)OutboxStatus.Sent}") == 0,
            "the replies stored on a standby instance sent");
        Assert.Equal(20, await ScalarAsync("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task WhenTheDeliveringInstanceStopsAnotherTakesOverAndDeliversWhatTheOthersStore()
    {
        await Eventually.TrueAsync(async () => (await HealthAsync()).Count(h => h == "ok") == 1, "one instance delivering");
        var leader = Array.IndexOf(await HealthAsync(), "ok");
        _stopped.Add(leader);
        await _hosts[leader].DisposeAsync();
        var others = Enumerable.Range(0, 3).Where(i => i != leader).ToList();

        // Stored on a standby instance while nobody may be delivering yet.
        await SayAsync(_clients[others[0]], "late", "انضم", "late-1");
        await Eventually.TrueAsync(async () => (await HealthAsync()).Where((_, i) => i != leader).Contains("ok"), "a standby instance taking over delivery");
        await Eventually.TrueAsync(async () => await ScalarAsync($"SELECT count(*) FROM outbox WHERE status <> {(int)OutboxStatus.Sent}") == 0,
            "the reply stored during the hand-over sent");
    }
}
