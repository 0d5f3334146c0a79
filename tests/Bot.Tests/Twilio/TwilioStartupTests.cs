using System.Net;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Twilio configuration: off when absent, a start-up error naming the setting when half there, never echoing the token.</summary>
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
    public void AHalfConfiguredChannelFailsTheStartNamingTheSetting(string key, string? value, string named)
    {
        using var host = new BotHostFactory(_folder.File("t.db"));
        foreach (var (k, v) in Complete) host.Settings[k] = v;
        if (key == "Twilio:WhatsAppOutsideWindow")
        {
            host.Settings["Twilio:WhatsAppFrom"] = TwilioTestHost.WhatsAppFrom;
            host.Settings[key] = "Template";
        }
        else if (value is null) host.Settings.Remove(key);
        else host.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains(named, error.ToString());
        Assert.DoesNotContain(FakeTwilioServer.AuthToken, error.ToString());
    }

    [Fact]
    public void TheSmsFallbackNeedsAnSmsSender()
    {
        using var host = new BotHostFactory(_folder.File("t.db"));
        foreach (var (k, v) in Complete) host.Settings[k] = v;
        host.Settings.Remove("Twilio:SmsFrom");
        host.Settings["Twilio:WhatsAppFrom"] = TwilioTestHost.WhatsAppFrom;
        host.Settings["Twilio:WhatsAppOutsideWindow"] = "Sms";

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Twilio:WhatsAppOutsideWindow", error.ToString());
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
