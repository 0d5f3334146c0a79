using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>TwilioHost: the real host with the Twilio channel pointed at a <see cref="FakeTwilioApi"/>, fake time and a log sink.</summary>
public sealed class TwilioHost : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "tok9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    public const string PublicBase = "https://bot.example.org";
    public const string SmsFrom = "+15005550006";
    public const string WhatsAppFrom = "+14155238886";
    public const string TemplateSid = "HX0123456789abcdef0123456789abcdef";

    private readonly TempFolder _folder = new();

    private TwilioHost(FakeTwilioApi api, Action<Dictionary<string, string?>>? settings)
    {
        Api = api;
        var twilio = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:AuthToken"] = AuthToken,
            ["Twilio:ApiBaseUrl"] = api.BaseUrl,
            ["Twilio:SmsFrom"] = SmsFrom,
            ["Twilio:WhatsAppFrom"] = "whatsapp:" + WhatsAppFrom,
            ["Twilio:PublicBaseUrl"] = PublicBase,
            ["Twilio:WhatsAppTemplateContentSid"] = TemplateSid,
            ["Twilio:RequestTimeout"] = "00:00:02",
        };
        settings?.Invoke(twilio);
        _host = new BotHostFactory(_folder.File("outreach.db")) { Time = Time, LogSink = Logs };
        // Host settings (UseSetting) reach Program before it registers services, as appsettings.json does in production;
        // the channel decides at registration whether it is on.
        Factory = _host.WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in twilio) web.UseSetting(key, value);
        });
        Client = Factory.CreateClient();
    }

    private readonly BotHostFactory _host;

    public FakeTwilioApi Api { get; }
    public WebApplicationFactory<Program> Factory { get; }
    public HttpClient Client { get; }
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-29T06:00:00Z"));
    public CollectingLoggerProvider Logs { get; } = new();
    public StorageWriter Storage => Factory.Services.GetRequiredService<StorageWriter>();

    /// <summary>StartAsync starts the fake API and the host; <paramref name="settings"/> may change the Twilio settings.</summary>
    public static async Task<TwilioHost> StartAsync(Action<Dictionary<string, string?>>? settings = null) =>
        new(await FakeTwilioApi.StartAsync(), settings);

    /// <summary>Sender: the host's sender for "sms" or "whatsapp".</summary>
    public IChannelSender Sender(string channel) =>
        Factory.Services.GetServices<IChannelSender>().Single(s => s.Channel == channel);

    /// <summary>PostAsync posts a form to <paramref name="path"/>, signed over the public URL unless <paramref name="signature"/> is given ("" for none).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> form, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        signature ??= TwilioSigner.Sign(AuthToken, PublicBase + path, form);
        if (signature.Length > 0) request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
        return Client.SendAsync(request);
    }

    /// <summary>SmsForm: an incoming-SMS webhook form as Twilio posts it.</summary>
    public static Dictionary<string, string> SmsForm(string sid, string from, string body, string to = SmsFrom) => new()
    {
        ["ToCountry"] = "US", ["SmsMessageSid"] = sid, ["NumMedia"] = "0", ["SmsSid"] = sid, ["SmsStatus"] = "received",
        ["Body"] = body, ["To"] = to, ["NumSegments"] = "1", ["MessageSid"] = sid, ["AccountSid"] = AccountSid,
        ["From"] = from, ["FromCountry"] = "EG", ["ApiVersion"] = "2010-04-01",
    };

    /// <summary>WhatsAppForm: an incoming WhatsApp webhook form as Twilio posts it.</summary>
    public static Dictionary<string, string> WhatsAppForm(string sid, string from, string body) => new()
    {
        ["SmsMessageSid"] = sid, ["NumMedia"] = "0", ["ProfileName"] = "Mona", ["MessageType"] = "text", ["SmsSid"] = sid,
        ["WaId"] = from.TrimStart('+'), ["SmsStatus"] = "received", ["Body"] = body, ["To"] = "whatsapp:" + WhatsAppFrom,
        ["NumSegments"] = "1", ["MessageSid"] = sid, ["AccountSid"] = AccountSid, ["From"] = "whatsapp:" + from, ["ApiVersion"] = "2010-04-01",
    };

    /// <summary>SmsAsync posts a signed incoming SMS and expects the empty TwiML answer.</summary>
    public async Task SmsAsync(string sid, string from, string body)
    {
        using var response = await PostAsync("/webhooks/twilio/sms", SmsForm(sid, from, body));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>StatusAsync posts a signed status callback.</summary>
    public Task<HttpResponseMessage> StatusAsync(string messageSid, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["SmsSid"] = messageSid, ["SmsStatus"] = status, ["MessageStatus"] = status, ["To"] = "+201001234567",
            ["MessageSid"] = messageSid, ["AccountSid"] = AccountSid, ["From"] = SmsFrom, ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null) form["ErrorCode"] = errorCode;
        return PostAsync("/webhooks/twilio/status", form);
    }

    /// <summary>LogInboundAsync records an inbound message directly (no flow, no reply), e.g. to open a WhatsApp window.</summary>
    public Task LogInboundAsync(string channel, string urn, DateTimeOffset at) => Storage.WriteAsync(s => s.Inbound.Insert(new InboundLogEntry
    {
        Id = InboundLogEntry.KeyOf(channel, "seed" + at.UtcTicks), Channel = channel, ProviderId = "seed" + at.UtcTicks, Urn = urn, ReceivedAt = at,
    }));

    /// <summary>HasDeliveryEngine: the host runs a delivery worker that sends queued outbox rows by itself.</summary>
    public bool HasDeliveryEngine => Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
        .Any(s => s.GetType().Name == "DeliveryWorker");

    public Task<List<OutboxMessage>> OutboxAsync() => Storage.ReadAsync(s => s.Outbox.FindAll().OrderBy(m => m.Id).ToList());
    public Task<List<InboundLogEntry>> InboundAsync() => Storage.ReadAsync(s => s.Inbound.FindAll().ToList());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await _host.DisposeAsync();
        await Api.DisposeAsync();
        _folder.Dispose();
    }
}
