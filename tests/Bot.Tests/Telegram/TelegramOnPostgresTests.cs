using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Flows.Engine;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>Telegram polling with two instances on one PostgreSQL database: one polls, each update is handled and answered once, and the other takes over from the stored offset.</summary>
public sealed class TelegramOnPostgresTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private FakeTelegramServer _fake = null!;
    private Dictionary<string, string?> _settings = [];

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramServer.StartAsync();
        _settings = await StoreHosts.SettingsAsync(StoreKind.PostgreSql);
        foreach (var (key, value) in TelegramTestHost.Settings(_fake)) _settings[key] = value;
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _folder.Dispose();
    }

    private BotHostFactory Host(string name)
    {
        var host = new BotHostFactory(_folder.File(name + ".db"))
        {
            ConfigureServices = services => services.AddSingleton<IConversationEngine, ScriptedEngine>(),
        };
        foreach (var (key, value) in _settings) host.Settings[key] = value;
        return host;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_settings["ConnectionStrings:Outreach"]);
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task OneInstancePollsEachUpdateIsAnsweredOnceAndTheOtherTakesOverFromTheStoredOffset()
    {
        var first = Host("first");
        _ = first.Services;
        await _fake.WaitUntilAsync(r => r.Any(q => q.Method == "getUpdates"), "the first instance polling");
        await using var second = Host("second");
        _ = second.Services;

        for (var i = 0; i < 5; i++) _fake.EnqueueUpdate(RecordedUpdates.Text(500 + i, "رسالة " + i));
        await Eventually.TrueAsync(async () => await CountAsync("SELECT count(*) FROM inbound") == 5, "five updates stored");
        await _fake.WaitUntilAsync(r => r.Count(q => q.Method == "sendMessage") == 5, "five replies");

        await first.DisposeAsync();
        var polls = _fake.RequestsTo("getUpdates").Count;
        await _fake.WaitUntilAsync(r => r.Count(q => q.Method == "getUpdates") > polls + 1, "the second instance polling");
        for (var i = 5; i < 8; i++) _fake.EnqueueUpdate(RecordedUpdates.Text(500 + i, "رسالة " + i));
        await _fake.WaitUntilAsync(r => r.Count(q => q.Method == "sendMessage") == 8, "the second instance polling and answering");

        Assert.Equal(8, await CountAsync("SELECT count(*) FROM inbound"));
        // The last reply's outcome is written just after the provider answered it.
        await Eventually.TrueAsync(async () => await CountAsync("SELECT count(*) FROM outbox WHERE status >= 2") == 8, "every reply settled");
        var texts = _fake.RequestsTo("sendMessage").Select(r => r.Body["text"]!.GetValue<string>()).ToList();
        Assert.Equal(8, texts.Distinct().Count());
    }
}
