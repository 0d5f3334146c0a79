using System.Net;
using OutreachBot.Bot.Tests.Twilio.Fake;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>ShortForeignNumberTests: a valid short E.164 number (Niue's +683 and four digits) is stored and logged masked, not answered 500.</summary>
public sealed class ShortForeignNumberTests
{
    [Theory]
    [InlineData("+6831234", false)]
    [InlineData("+6831234", true)]
    [InlineData("+68312345", false)]
    [InlineData("+1234567", true)]
    public async Task ASignedMessageFromAShortNumberIsStoredAndItsNumberMasked(string from, bool whatsApp)
    {
        await using var host = await TwilioTestHost.StartAsync(s => s["Logging:LogLevel:Default"] = "Trace");
        var path = whatsApp ? "/webhooks/twilio/whatsapp" : "/webhooks/twilio/sms";

        var response = await host.PostAsync(path, host.InboundForm(from, "انضم", whatsApp: whatsApp));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await host.InboundAsync());
        Assert.Equal((whatsApp ? "whatsapp:" : "tel:") + from, stored.Urn);
        Assert.Equal("انضم", stored.Text);
        Assert.NotEmpty(await host.OutboxAsync());
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Debug ", StringComparison.Ordinal)); // the lines that name the sender are there
        Assert.DoesNotContain(from[1..], host.Logs.AllText, StringComparison.Ordinal);
    }
}
