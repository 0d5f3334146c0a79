using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramDedupeTests: the real host dedupes Telegram messages on chat and message id (callbacks on their query id), not on update_id.</summary>
/// <remarks>Telegram restarts update ids at random after a week without updates, so an old id can come back on a new message.</remarks>
public sealed class TelegramDedupeTests : IAsyncLifetime
{
    private const string Secret = "s3cret_Value-1-webhook";
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

    private async Task PostAsync(string update)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, Secret);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(request)).StatusCode);
    }

    private Task<List<string>> InboundIdsAsync() => Storage.ReadAsync(s => s.Inbound.FindAll().Select(e => e.ProviderId).ToList());

    private Task<List<string?>> RepliesToAsync() => Storage.ReadAsync(s => s.Outbox.FindAll().OrderBy(m => m.Id).Select(m => m.InReplyTo).ToList());

    private Task<string?> StateAsync() => Storage.ReadAsync(s => s.Sessions.FindAll().Single().State);

    [Fact]
    public async Task TwoMessagesUnderTheSameUpdateIdAreBothHandled()
    {
        await PostAsync(RecordedUpdates.Text(7000, "انضم", messageId: 1));
        await PostAsync(RecordedUpdates.Text(7000, "1", messageId: 2)); // update ids restarted and 7000 came round again

        Assert.Equal(["555000111:1", "555000111:2"], (await InboundIdsAsync()).Order());
        Assert.Equal("FullName", await StateAsync()); // the second message chose the language
        Assert.Equal(["telegram:555000111:1", "telegram:555000111:2"], (await RepliesToAsync()).Distinct());
    }

    [Fact]
    public async Task AMessageRedeliveredUnderANewUpdateIdIsHandledOnce()
    {
        await PostAsync(RecordedUpdates.Text(7100, "انضم", messageId: 3));
        var replies = await RepliesToAsync();
        var state = await StateAsync();

        await PostAsync(RecordedUpdates.Text(9100, "انضم", messageId: 3));

        Assert.Equal(["555000111:3"], await InboundIdsAsync());
        Assert.Equal(replies, await RepliesToAsync());
        Assert.Equal(state, await StateAsync());
    }

    [Fact]
    public async Task AButtonPressRedeliveredUnderANewUpdateIdIsHandledOnceAndTwoPressesTwice()
    {
        await PostAsync(RecordedUpdates.Text(7200, "انضم", messageId: 4));
        await PostAsync(RecordedUpdates.Callback(7201, "1", queryId: "880001"));
        await PostAsync(RecordedUpdates.Callback(9201, "1", queryId: "880001")); // the same press again
        var afterOnePress = await RepliesToAsync();

        await PostAsync(RecordedUpdates.Callback(7201, "رجوع", queryId: "880002")); // a new press under an old update id

        Assert.Equal(["555000111:4", "cb:880001", "cb:880002"], (await InboundIdsAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(["telegram:555000111:4", "telegram:cb:880001"], afterOnePress.Distinct());
        Assert.Contains("telegram:cb:880002", await RepliesToAsync());
    }
}
