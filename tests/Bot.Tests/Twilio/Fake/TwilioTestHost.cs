using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OutreachBot.Bot.Delivery;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio.Fake;

/// <summary>TwilioTestHost: the real host (BotHostFactory) on a temp LiteDB file, with Twilio pointing at a <see cref="FakeTwilioServer"/>.</summary>
/// <remarks>Posts webhooks signed as Twilio signs them for <see cref="PublicBaseUrl"/>, and reaches the senders and storage.</remarks>
internal sealed class TwilioTestHost : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://bot.example.org";
    public const string SmsFrom = "+15005550006";
    public const string WhatsAppFrom = "+14155238886";
    public const string TemplateSid = "HX0123456789abcdef0123456789abcdef";

    private readonly TempFolder _folder = new();
    private readonly BotHostFactory _factory;
    private int _sid;

    public FakeTwilioServer Fake { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero));
    public CollectingLoggerProvider Logs { get; } = new();
    public HttpClient Client { get; }

    private TwilioTestHost(FakeTwilioServer fake, Action<Dictionary<string, string?>>? configure, Action<IServiceCollection>? services, bool delivery)
    {
        Fake = fake;
        _factory = new BotHostFactory(_folder.File("bot.db"))
        {
            Time = Time,
            LogSink = Logs,
            ConfigureServices = s =>
            {
                // Without the delivery engine, only the test's own sender calls reach the fake, so each can be checked alone.
                if (!delivery)
                {
                    foreach (var worker in s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DeliveryWorker)).ToList())
                        s.Remove(worker);
                }
                services?.Invoke(s);
            },
        };
        foreach (var (key, value) in Settings(fake)) _factory.Settings[key] = value;
        configure?.Invoke(_factory.Settings);
        Client = _factory.CreateClient();
    }

    /// <summary>Settings for a Twilio channel talking to <paramref name="fake"/>.</summary>
    public static Dictionary<string, string?> Settings(FakeTwilioServer fake) => new()
    {
        ["Twilio:AccountSid"] = FakeTwilioServer.AccountSid,
        ["Twilio:AuthToken"] = FakeTwilioServer.AuthToken,
        ["Twilio:ApiBaseUrl"] = fake.BaseUrl,
        ["Twilio:SmsFrom"] = SmsFrom,
        ["Twilio:WhatsAppFrom"] = "whatsapp:" + WhatsAppFrom,
        ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
        ["Twilio:PricePerSegment"] = "0.05",
        ["Twilio:WhatsAppTemplateContentSid"] = TemplateSid,
        ["Twilio:SendTimeout"] = "00:00:10",
    };

    /// <summary>StartAsync starts the fake and the host; <paramref name="delivery"/> runs the delivery engine, which sends the outbox by itself.</summary>
    public static async Task<TwilioTestHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null, bool delivery = false) =>
        new(await FakeTwilioServer.StartAsync(), configure, services, delivery);

    public IServiceProvider Services => _factory.Services;
    public StorageWriter Storage => Services.GetRequiredService<StorageWriter>();

    /// <summary>Sender returns the registered IChannelSender for "sms" or "whatsapp".</summary>
    public IChannelSender Sender(string channel) => Services.GetServices<IChannelSender>().Single(s => s.Channel == channel);

    /// <summary>NextSid: a fresh Twilio-shaped message SID.</summary>
    public string NextSid() => "SM" + Interlocked.Increment(ref _sid).ToString("x32");

    /// <summary>PostAsync posts a form to <paramref name="path"/>, signed for the public URL unless <paramref name="signature"/> is given ("" sends none).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> form, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        signature ??= TwilioSigner.Sign(FakeTwilioServer.AuthToken, PublicBaseUrl + path, form);
        if (signature.Length > 0) request.Headers.Add("X-Twilio-Signature", signature);
        return Client.SendAsync(request);
    }

    /// <summary>InboundForm: the fields Twilio posts for an incoming message.</summary>
    public Dictionary<string, string> InboundForm(string from, string body, string? sid = null, bool whatsApp = false) => new()
    {
        ["ToCountry"] = "US",
        ["SmsMessageSid"] = sid ??= NextSid(),
        ["NumMedia"] = "0",
        ["SmsSid"] = sid,
        ["SmsStatus"] = "received",
        ["Body"] = body,
        ["To"] = whatsApp ? "whatsapp:" + WhatsAppFrom : SmsFrom,
        ["NumSegments"] = "1",
        ["MessageSid"] = sid,
        ["AccountSid"] = FakeTwilioServer.AccountSid,
        ["From"] = whatsApp ? "whatsapp:" + from : from,
        ["ApiVersion"] = "2010-04-01",
    };

    /// <summary>SmsAsync posts a signed incoming SMS.</summary>
    public Task<HttpResponseMessage> SmsAsync(string from, string body, string? sid = null) =>
        PostAsync("/webhooks/twilio/sms", InboundForm(from, body, sid));

    /// <summary>StatusAsync posts a signed delivery report.</summary>
    public Task<HttpResponseMessage> StatusAsync(string messageSid, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid, ["SmsSid"] = messageSid, ["MessageStatus"] = status, ["SmsStatus"] = status,
            ["AccountSid"] = FakeTwilioServer.AccountSid, ["To"] = "+201001234567", ["From"] = SmsFrom, ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null) form["ErrorCode"] = errorCode;
        return PostAsync("/webhooks/twilio/status", form);
    }

    public Task<List<InboundLogEntry>> InboundAsync() => Storage.ReadAsync(s => s.Inbound.FindAll().ToList());
    public Task<List<OutboxMessage>> OutboxAsync() => Storage.ReadAsync(s => s.Outbox.FindAll().OrderBy(m => m.Id).ToList());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Fake.DisposeAsync();
        _folder.Dispose();
        // Every test fails if anything asked the fake for something it does not serve.
        Fake.AssertNoUnexpectedRequests();
    }
}
