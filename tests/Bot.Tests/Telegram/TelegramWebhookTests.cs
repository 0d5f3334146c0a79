using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramWebhookTests: setWebhook at start, the secret token check, and 200 only once an update is stored.</summary>
public sealed class TelegramWebhookTests : IAsyncLifetime
{
    private const string Secret = "s3cret_Value-1-webhook";
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly CollectingLoggerProvider _logs = new();
    private FakeTelegramServer _fake = null!;
    private TelegramTestHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramServer.StartAsync();
        var settings = TelegramTestHost.Settings(_fake, mode: "Webhook");
        settings["Telegram:MaxWebhookBodyBytes"] = "4096";
        _host = await TelegramTestHost.StartAsync(settings, _data.Path, _time, _logs);
        _http = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _fake.AssertNoUnexpectedRequests();
        await _fake.DisposeAsync();
        _data.Dispose();
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null) request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task StartRegistersTheWebhookWithSecretAndUpdateTypes()
    {
        await _fake.WaitUntilAsync(rs => rs.Any(r => r.Method == "setWebhook"), "setWebhook");

        var body = _fake.RequestsTo("setWebhook")[0].Body;
        Assert.Equal("https://bot.example.org/webhooks/telegram", body["url"]!.GetValue<string>());
        Assert.Equal(Secret, body["secret_token"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["message","callback_query"]"""), body["allowed_updates"]));
        Assert.Empty(_fake.RequestsTo("getUpdates"));
    }

    [Fact]
    public async Task UpdateWithTheRightSecretIsStoredBeforeTheOkAnswer()
    {
        var response = await PostAsync(RecordedUpdates.Start(900, "src_minya_fair"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Synchronously visible: the 200 came only after the pipeline returned.
        var message = Assert.Single(_host.Pipeline.Handled);
        Assert.Equal("src_minya_fair", message.StartPayload);
        Assert.Equal(1, await _host.Pipeline.StoredCountAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3cret_Value-2-webhook")]
    [InlineData("s3cret_Value-1-webhookx")]
    public async Task UpdateWithoutTheRightSecretIsRejectedAndNotStored(string? secret)
    {
        var response = await PostAsync(RecordedUpdates.Text(901, "hi"), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await _host.Pipeline.StoredCountAsync());
    }

    [Theory]
    [InlineData("{\"update_id\":902,\"message\":")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task MalformedJsonIsABadRequest(string body)
    {
        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _host.Pipeline.StoredCountAsync());
    }

    [Fact]
    public async Task HugeBodyIsRefusedWith413()
    {
        var response = await PostAsync(RecordedUpdates.Text(903, new string('ا', 5000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _host.Pipeline.StoredCountAsync());
    }

    [Fact]
    public async Task PoisonUpdateIsAcknowledgedSoTelegramDoesNotRetryItForever()
    {
        var response = await PostAsync(RecordedUpdates.UnknownType(904));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await _host.Pipeline.StoredCountAsync());
        Assert.Contains("Skipping Telegram update 904", _logs.AllText);
    }

    [Fact]
    public async Task StorageFailureAnswers503SoTelegramRetriesAndTheRetryIsStoredOnce()
    {
        _host.Pipeline.FailNext(1);

        var failed = await PostAsync(RecordedUpdates.Text(905, "مهم"));
        var retried = await PostAsync(RecordedUpdates.Text(905, "مهم"));
        var redelivered = await PostAsync(RecordedUpdates.Text(905, "مهم"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(1, await _host.Pipeline.StoredCountAsync());
        Assert.Equal(1, _host.Pipeline.Duplicates);
    }

    [Fact]
    public void SecretComparisonNeedsTheWholeValue()
    {
        Assert.True(TelegramWebhookEndpoint.SecretMatches(Secret, Secret));
        Assert.False(TelegramWebhookEndpoint.SecretMatches(Secret[..^1], Secret));
        Assert.False(TelegramWebhookEndpoint.SecretMatches("", Secret));
    }
}
