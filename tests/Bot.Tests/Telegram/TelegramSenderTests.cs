using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramSenderTests: outbox messages reach the Bot API as Telegram expects, and real error bodies map to the right SendResult.</summary>
public sealed class TelegramSenderTests : IAsyncLifetime
{
    private FakeTelegramServer _fake = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramServer.StartAsync();
        _services = BuildServices(_fake.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _fake.AssertNoUnexpectedRequests();
        await _fake.DisposeAsync();
    }

    private static ServiceProvider BuildServices(string apiBaseUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.Token,
            ["Telegram:ApiBaseUrl"] = apiBaseUrl,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTelegramChannel(configuration);
        return services.BuildServiceProvider();
    }

    private static IChannelSender SenderFrom(IServiceProvider services) =>
        services.GetServices<IChannelSender>().Single(s => s.Channel == "telegram");

    private Task<SendResult> SendAsync(OutboxMessage message) => SenderFrom(_services).SendAsync(message, CancellationToken.None);

    private static OutboxMessage Message(string text = "اختار محافظتك", string urn = "telegram:555000111") =>
        new() { Id = 7, Channel = "telegram", Urn = urn, Text = text };

    private JsonObject OnlySendMessageBody() => Assert.Single(_fake.RequestsTo("sendMessage")).Body;

    [Fact]
    public async Task ChoicesAreSentAsAReplyKeyboardWithChoicesPerRow()
    {
        var message = Message();
        message.Choices = ["القاهرة", "الجيزة", "الإسكندرية", "المنيا", "أسيوط", "سوهاج", "قنا"];
        message.ChoicesPerRow = 3;

        var result = await SendAsync(message);

        Assert.IsType<SendResult.Sent>(result);
        var expected = JsonNode.Parse("""
            {"keyboard":[[{"text":"القاهرة"},{"text":"الجيزة"},{"text":"الإسكندرية"}],
                         [{"text":"المنيا"},{"text":"أسيوط"},{"text":"سوهاج"}],
                         [{"text":"قنا"}]],
             "resize_keyboard":true,"one_time_keyboard":true}
            """);
        var body = OnlySendMessageBody();
        Assert.True(JsonNode.DeepEquals(expected, body["reply_markup"]), body["reply_markup"]?.ToJsonString());
        Assert.Equal(555000111, body["chat_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task RequestPhoneShowsAShareContactButtonInTheContactsLanguage()
    {
        var message = Message("ابعت رقمك");
        message.Keyboard = KeyboardAction.RequestPhone;

        await SendAsync(message);

        var expected = JsonNode.Parse("""
            {"keyboard":[[{"text":"📱 ابعت رقمي","request_contact":true}]],"resize_keyboard":true,"one_time_keyboard":true}
            """);
        Assert.True(JsonNode.DeepEquals(expected, OnlySendMessageBody()["reply_markup"]), OnlySendMessageBody()["reply_markup"]?.ToJsonString());
    }

    [Fact]
    public async Task RequestPhoneButtonIsInEnglishForEnglishContacts()
    {
        var message = Message("Send your number");
        message.Keyboard = KeyboardAction.RequestPhone;
        message.Language = Languages.English;

        await SendAsync(message);

        Assert.Equal("📱 Share my number", OnlySendMessageBody()["reply_markup"]!["keyboard"]![0]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task RemoveSendsReplyKeyboardRemove()
    {
        var message = Message("تمام");
        message.Keyboard = KeyboardAction.Remove;

        await SendAsync(message);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"remove_keyboard":true}"""), OnlySendMessageBody()["reply_markup"]));
    }

    [Fact]
    public async Task PlainTextGoesWithoutParseModeOrEscapingOrKeyboard()
    {
        var text = "*مهم* <b>1_2</b> [link](x) \\ ملاحظة.";

        var result = await SendAsync(Message(text));

        var body = OnlySendMessageBody();
        Assert.Equal(text, body["text"]!.GetValue<string>());
        Assert.False(body.ContainsKey("parse_mode"));
        Assert.False(body.ContainsKey("reply_markup"));
        Assert.Equal(new SendResult.Sent("1001"), result);
    }

    [Fact]
    public async Task LongArabicTextIsSentInOrderedPartsWithTheKeyboardOnTheLast()
    {
        var text = string.Join(' ', Enumerable.Range(0, 1500).Select(i => i % 2 == 0 ? "متطوعين" : "المنيا"))[..9000];
        var message = Message(text);
        message.Choices = ["نعم", "لا"];

        var result = await SendAsync(message);

        var sends = _fake.RequestsTo("sendMessage");
        Assert.Equal(3, sends.Count);
        Assert.Equal(text.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            sends.SelectMany(s => s.Body["text"]!.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal([false, false, true], sends.Select(s => s.Body.ContainsKey("reply_markup")));
        Assert.Equal(new SendResult.Sent("1003"), result);
    }

    [Fact]
    public async Task TooManyRequestsIsThrottledWithRetryAfterAndNotRetriedByTheClient()
    {
        _fake.Script("sendMessage", 429,
            """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 17","parameters":{"retry_after":17}}""");

        var result = await SendAsync(Message());

        Assert.Equal(new SendResult.Throttled(TimeSpan.FromSeconds(17)), result);
        Assert.Single(_fake.RequestsTo("sendMessage"));
    }

    [Theory]
    [InlineData("Forbidden: bot was blocked by the user")]
    [InlineData("Forbidden: user is deactivated")]
    public async Task ForbiddenStopsTheContact(string description)
    {
        _fake.Script("sendMessage", 403, $$"""{"ok":false,"error_code":403,"description":"{{description}}"}""");

        var result = await SendAsync(Message());

        Assert.Equal(new SendResult.ContactStopped(description), result);
    }

    [Fact]
    public async Task ChatNotFoundIsAPermanentFailureFlaggingTheUrn()
    {
        _fake.Script("sendMessage", 400, """{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}""");

        var result = await SendAsync(Message());

        var failure = Assert.IsType<SendResult.PermanentFailure>(result);
        Assert.Equal("chat_not_found", failure.Code);
        Assert.True(failure.FlagUrn);
    }

    [Theory]
    [InlineData(500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""")]
    [InlineData(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")]
    public async Task ServerErrorsAreTransient(int status, string body)
    {
        _fake.Script("sendMessage", status, body);

        var result = await SendAsync(Message());

        Assert.IsType<SendResult.TransientFailure>(result);
    }

    [Fact]
    public async Task NetworkErrorsAreTransient()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var services = BuildServices($"http://127.0.0.1:{closedPort}");

        var result = await SenderFrom(services).SendAsync(Message(), CancellationToken.None);

        Assert.IsType<SendResult.TransientFailure>(result);
    }

    [Theory]
    [InlineData("tel:+201001234567")]
    [InlineData("telegram:abc")]
    public async Task NonTelegramUrnFailsPermanentlyWithoutCallingTelegram(string urn)
    {
        var result = await SendAsync(Message(urn: urn));

        Assert.Equal("bad_urn", Assert.IsType<SendResult.PermanentFailure>(result).Code);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData(" \n\t ", 1)]
    [InlineData(" ", 5000)]
    [InlineData("\n", 4097)]
    public async Task AWhitespaceOnlyTextFailsForGoodWithoutCallingTelegram(string blank, int times)
    {
        // Telegram refuses an empty text, and a long blank text split into parts left none to send (and was marked sent with no id).
        var result = await SendAsync(Message(string.Concat(Enumerable.Repeat(blank, times))));

        Assert.Equal("empty_text", Assert.IsType<SendResult.PermanentFailure>(result).Code);
        Assert.Empty(_fake.Requests);
    }
}
