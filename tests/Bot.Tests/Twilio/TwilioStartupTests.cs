using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Twilio configuration: off when absent, a start-up error naming the setting when half there, never echoing the token.</summary>
/// <remarks>
/// Failing starts use a bare host with only the Twilio channel: WebApplicationFactory sometimes reports a failed start as
/// "ObjectDisposedException: IServiceProvider" (its deferred host races the entry point's disposal), hiding the message.
/// </remarks>
public sealed class TwilioStartupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Twilio:AccountSid"] = FakeTwilioServer.AccountSid,
        ["Twilio:AuthToken"] = FakeTwilioServer.AuthToken,
        ["Twilio:SmsFrom"] = TwilioTestHost.SmsFrom,
        ["Twilio:PublicBaseUrl"] = TwilioTestHost.PublicBaseUrl,
    };

    [Theory]
    [InlineData("Twilio:AuthToken", null, "Twilio:AuthToken")]
    [InlineData("Twilio:AccountSid", null, "Twilio:AccountSid")]
    [InlineData("Twilio:AccountSid", "AC123", "Twilio:AccountSid")]
    [InlineData("Twilio:PublicBaseUrl", null, "Twilio:PublicBaseUrl")]
    [InlineData("Twilio:PublicBaseUrl", "bot.example.org", "Twilio:PublicBaseUrl")]
    [InlineData("Twilio:SmsFrom", null, "Twilio:SmsFrom")]
    [InlineData("Twilio:SmsFrom", "01001234567", "Twilio:SmsFrom")]
    [InlineData("Twilio:ApiBaseUrl", "ftp://example.org", "Twilio:ApiBaseUrl")]
    [InlineData("Twilio:MessagingServiceSid", "MGxyz", "Twilio:MessagingServiceSid")]
    [InlineData("Twilio:WhatsAppOutsideWindow", "Sms", "Twilio:WhatsAppTemplateContentSid")]
    [InlineData("Twilio:WhatsAppTemplateContentSidEn", "HXnot-a-template", "Twilio:WhatsAppTemplateContentSidEn")]
    public async Task AHalfConfiguredChannelFailsTheStartNamingTheSetting(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?>(Complete);
        if (key == "Twilio:WhatsAppOutsideWindow")
        {
            settings["Twilio:WhatsAppFrom"] = TwilioTestHost.WhatsAppFrom;
            settings[key] = "Template";
        }
        else if (value is null) settings.Remove(key);
        else settings[key] = value;

        var error = await StartFailureAsync(settings);
        Assert.Contains(named, error);
        Assert.DoesNotContain(FakeTwilioServer.AuthToken, error);
    }

    [Fact]
    public async Task TheSmsFallbackNeedsAnSmsSender()
    {
        var settings = new Dictionary<string, string?>(Complete);
        settings.Remove("Twilio:SmsFrom");
        settings["Twilio:WhatsAppFrom"] = TwilioTestHost.WhatsAppFrom;
        settings["Twilio:WhatsAppOutsideWindow"] = "Sms";

        Assert.Contains("Twilio:WhatsAppOutsideWindow", await StartFailureAsync(settings));
    }

    [Fact]
    public async Task WithoutAnyTwilioSettingTheChannelIsOffAndStarts()
    {
        await using var app = Build([]);
        app.MapTwilioEndpoints();
        await app.StartAsync();
        using var client = app.GetTestClient();

        var options = app.Services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        Assert.False(options.Enabled);
        Assert.False(options.SmsEnabled);
        Assert.False(options.WhatsAppEnabled);
        foreach (var path in new[] { TwilioWebhookEndpoints.SmsPath, TwilioWebhookEndpoints.WhatsAppPath, TwilioWebhookEndpoints.StatusPath })
        {
            var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM" + new string('a', 32) }));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var senders = app.Services.GetServices<IChannelSender>().ToList();
        Assert.Equal(["sms", "whatsapp"], senders.Select(s => s.Channel));
        foreach (var sender in senders)
        {
            var message = new OutboxMessage { Id = 1, Channel = sender.Channel, Urn = (sender.Channel == "sms" ? "tel:" : "whatsapp:") + "+201001234567", Text = "x" };
            var result = Assert.IsType<SendResult.TransientFailure>(await sender.SendAsync(message, CancellationToken.None));
            Assert.Contains("not configured", result.Reason);
        }
        await app.StopAsync();
    }

    /// <summary>StartFailureAsync starts a bare host with the Twilio channel and returns why it refused to start.</summary>
    private async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        await using var app = Build(settings);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        return error.ToString();
    }

    private WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        var storage = new StorageOptions { Path = _folder.File("bare.db") };
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(_ => new LiteStore(storage.Path));
        builder.Services.AddSingleton<StorageWriter>();
        builder.Services.AddOutreachStorage(_ => storage, _ => null);
        builder.Services.AddTwilioChannel(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task ACompleteSmsOnlySetupStartsAndServesSmsButNotWhatsApp()
    {
        using var host = new BotHostFactory(_folder.File("t.db"));
        foreach (var (k, v) in Complete) host.Settings[k] = v;
        var client = host.CreateClient();

        var whatsApp = await client.PostAsync("/webhooks/twilio/whatsapp", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var sms = await client.PostAsync("/webhooks/twilio/sms", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.NotFound, whatsApp.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sms.StatusCode);
    }
}
