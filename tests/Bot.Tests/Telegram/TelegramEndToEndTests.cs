using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramEndToEndTests: the real host (Program) with the real pipeline and LiteDB, Telegram polling the fake Bot API.</summary>
/// <remarks>The sign-up flow is not on main yet, so the echoing ScriptedEngine stands in for it.</remarks>
public sealed class TelegramEndToEndTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly CollectingLoggerProvider _logs = new();
    private FakeTelegramServer _fake = null!;
    private BotHostFactory _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramServer.StartAsync();
        _host = new BotHostFactory(_data.File("bot.db"))
        {
            Time = _time,
            LogSink = _logs,
            ConfigureServices = services => services.AddSingleton<IConversationEngine, ScriptedEngine>(),
        };
        foreach (var (key, value) in TelegramTestHost.Settings(_fake)) _host.Settings[key] = value;
        // Everything at Trace, HttpClient's own request logging included, so a leak would be captured.
        _host.Settings["Logging:LogLevel:Default"] = "Trace";
        _host.Settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace";
        _host.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        _host.Settings["Logging:LogLevel:Microsoft.Extensions.Http"] = "Trace";
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _fake.AssertNoUnexpectedRequests();
        await _fake.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Read runs a query on the storage thread, as every read must.</summary>
    private Task<T> Read<T>(Func<LiteStore, T> query) => _host.Services.GetRequiredService<StorageWriter>().ReadAsync(query);
    private IChannelSender TelegramSender => _host.Services.GetServices<IChannelSender>().Single(s => s.Channel == "telegram");

    [Fact]
    public async Task SharingThePhoneOfAnSmsVolunteerMakesOneContactWithBothUrnsAndAllHistory()
    {
        _ = _host.Services; // starts the host
        var pipeline = _host.Services.GetRequiredService<IInboundPipeline>();
        var sms = await pipeline.HandleAsync(new InboundMessage("sms", "SM0001", "tel:+201001234567", "تسجيل",
            InboundKind.Text, ChannelTraits.Sms, _time.GetUtcNow(), ChannelPhone: "+201001234567"), CancellationToken.None);

        _fake.EnqueueUpdate(RecordedUpdates.Text(100, "أهلا"));
        _fake.EnqueueUpdate(RecordedUpdates.OwnContact(101, "201001234567"));
        await Eventually.TrueAsync(() => Read(s => s.Inbound.Count() == 3 && s.Contacts.Count() == 1), "the merge");

        var contact = Assert.Single(await Read(s => s.Contacts.FindAll().ToList()));
        var inbound = await Read(s => s.Inbound.FindAll().ToList());
        var outbox = await Read(s => s.Outbox.FindAll().ToList());
        Assert.Equal(sms.ContactId, contact.Id);
        Assert.Equal(["tel:+201001234567", "telegram:555000111"], contact.Urns.Order());
        Assert.Equal("+201001234567", contact.Phone);
        Assert.All(inbound, e => Assert.Equal(contact.Id, e.ContactId));
        Assert.Equal(3, outbox.Count);
        Assert.All(outbox, m => Assert.True(contact.Id == m.ContactId, $"{m.Id} {m.Channel} {m.Text} {m.Status} contact {m.ContactId} not {contact.Id}"));
        Assert.Equal(2, outbox.Count(m => m.Channel == "telegram" && m.Urn == "telegram:555000111"));
    }

    [Fact]
    public async Task ATelegramMessageIsRepliedToThroughTheOutboxAndTheTelegramSender()
    {
        _fake.EnqueueUpdate(RecordedUpdates.Text(200, "عايز أتطوع"));
        _ = _host.Services;
        // The delivery engine picks the reply from the outbox and sends it through the Telegram sender.
        await Eventually.TrueAsync(() => Read(s => s.Outbox.FindAll().Any(m => m.ProviderId != null)), "the sent reply");

        var sent = Assert.Single(_fake.RequestsTo("sendMessage")).Body;
        Assert.Equal("echo: عايز أتطوع", sent["text"]!.GetValue<string>());
        Assert.Equal(RecordedUpdates.MonaId, sent["chat_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task ABotBlockedByThePersonStopsTheContact()
    {
        _fake.Script("sendMessage", 403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");
        _fake.EnqueueUpdate(RecordedUpdates.Text(250, "أهلا"));
        _ = _host.Services;

        await Eventually.TrueAsync(() => Read(s => s.Contacts.FindAll().Any(c => c.Status == ContactStatus.Blocked)), "the contact blocked");

        var reply = Assert.Single(await Read(s => s.Outbox.FindAll().ToList()));
        Assert.Equal((OutboxStatus.Failed, "contact_stopped"), (reply.Status, reply.ErrorCode));
        Assert.Single(_fake.RequestsTo("sendMessage"));
    }

    [Fact]
    public async Task ThrottledSendWaitsTheRetryAfterTelegramGaveThenSends()
    {
        _fake.Script("sendMessage", 429,
            """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}""");
        _fake.EnqueueUpdate(RecordedUpdates.Text(260, "أهلا"));
        _ = _host.Services;
        await Eventually.TrueAsync(() => Read(s => s.Outbox.FindAll().Any(m => m.ErrorCode == "throttled")), "the throttled send");
        var throttledAt = _time.GetUtcNow();

        var waiting = Assert.Single(await Read(s => s.Outbox.FindAll().ToList()));
        Assert.Equal(throttledAt + TimeSpan.FromSeconds(7), waiting.NextAttemptAt);
        _time.Advance(TimeSpan.FromSeconds(6));
        await Task.Delay(100);
        Assert.Single(_fake.RequestsTo("sendMessage"));

        await Eventually.TrueAsync(() => { _time.Advance(TimeSpan.FromSeconds(1)); return Read(s => s.Outbox.FindAll().All(m => m.Status == OutboxStatus.Sent)); }, "sent after retry_after");
        Assert.Equal(2, _fake.RequestsTo("sendMessage").Count);
    }

    [Fact]
    public async Task TheBotTokenNeverAppearsInAnyLogLine()
    {
        _fake.Script("getUpdates", 500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");
        _fake.EnqueueUpdate(RecordedUpdates.Callback(300, "MN"));
        _ = _host.Services;
        await Eventually.TrueAsync(() => { _time.Advance(TimeSpan.FromSeconds(1)); return Read(s => s.Outbox.Count() == 1); }, "polling after the error");
        var reply = (await Read(s => s.Outbox.FindAll().ToList())).Single();
        _fake.Script("sendMessage", 403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");
        _fake.Script("sendMessage", 502, "<html><body>502 Bad Gateway</body></html>");
        await TelegramSender.SendAsync(reply, CancellationToken.None);
        await TelegramSender.SendAsync(reply, CancellationToken.None);
        await TelegramSender.SendAsync(reply, CancellationToken.None);
        await _fake.WaitUntilAsync(rs => rs.Any(r => r.Method == "answerCallbackQuery"), "answerCallbackQuery");

        Assert.Contains(_logs.Lines, l => l.Contains("getUpdates failed"));
        Assert.DoesNotContain(FakeTelegramServer.Token, _logs.AllText);
        Assert.DoesNotContain(FakeTelegramServer.Token.Split(':')[1], _logs.AllText);

        // Control: an ordinary HttpClient of the same host does log URLs, and the collector would have caught the token.
        var port = ClosedPort();
        using var plain = _host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{port}/bot{FakeTelegramServer.Token}/getMe"));
        Assert.Contains(FakeTelegramServer.Token, _logs.AllText);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
