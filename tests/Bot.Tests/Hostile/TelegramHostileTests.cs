using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Storage;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;
using static OutreachBot.Bot.Tests.Hostile.TelegramHostileCases;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TelegramHostileTests: POST /webhooks/telegram on the real host (webhook mode, real pipeline) under a table of hostile requests.</summary>
public sealed class TelegramHostileTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private FakeTelegramServer _fake = null!;
    private BotHostFactory _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramServer.StartAsync();
        _host = new BotHostFactory(_data.File("bot.db")) { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero)) };
        foreach (var (key, value) in TelegramTestHost.Settings(_fake, mode: "Webhook")) _host.Settings[key] = value;
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        _fake.AssertNoUnexpectedRequests();
        await _fake.DisposeAsync();
        _data.Dispose();
    }

    private StorageWriter Storage => _host.Services.GetRequiredService<StorageWriter>();

    private Task<int> StoredAsync() => Storage.ReadAsync(s => s.Inbound.Count());

    [Fact]
    public async Task EveryHostileUpdateGetsItsExpectedAnswerStoresOnlyWhatItShouldAndTheHostStillServes()
    {
        var cases = All().ToList();

        var failures = await HostileRun.SendAllAsync(_client, cases, Storage);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(cases.Sum(c => c.Stores), await StoredAsync());
        var after = await _client.SendAsync(Update(Utf8(RecordedUpdates.Text(9000, "انضم"))));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AConcurrentBurstOfValidAndInvalidUpdatesStoresEveryValidOneExactlyOnce()
    {
        var ids = Enumerable.Range(3000, 12).ToList();
        var requests = new List<Func<Task<HttpResponseMessage>>>();
        foreach (var id in ids)
        {
            // Telegram resends an update it got no answer for; forged and garbage posts arrive in between.
            requests.Add(() => _client.SendAsync(Update(Utf8(RecordedUpdates.Text(id, "انضم", messageId: id)))));
            requests.Add(() => _client.SendAsync(Update(Utf8(RecordedUpdates.Text(id, "انضم", messageId: id)))));
            requests.Add(() => _client.SendAsync(Update(Utf8(RecordedUpdates.Text(id + 100, "forged")), secret: "nope")));
            requests.Add(() => _client.SendAsync(Update(Garbage(300))));
        }

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(r)));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, r.StatusCode.ToString()));
        Assert.Equal(ids.Count * 2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var stored = await Storage.ReadAsync(s => s.Inbound.FindAll().Select(e => e.ProviderId).ToList());
        Assert.Equal(ids.Select(i => "555000111:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), stored.Order());
    }

    [Fact]
    public async Task AReplayedUpdateIsAnsweredOkAndHandledOnce()
    {
        var update = RecordedUpdates.Text(2000, "انضم");

        var first = await _client.SendAsync(Update(Utf8(update)));
        var handled = await HandledAsync();
        var replay = await _client.SendAsync(Update(Utf8(update)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.NotEmpty(handled.Outbox);
        Assert.Equal(handled, await HandledAsync());
    }

    /// <summary>HandledAsync: what handling changes: the inbound log, the replies queued and the session's step.</summary>
    private async Task<(string Inbound, string Outbox, string? State, int Attempts)> HandledAsync() =>
        await Storage.ReadAsync(s => (
            string.Join(",", s.Inbound.FindAll().Select(e => e.ProviderId)),
            string.Join(",", s.Outbox.FindAll().Select(m => m.Id)),
            s.Sessions.FindAll().Single().State,
            s.Sessions.FindAll().Single().Attempts));
}
