using System.Net;
using OutreachBot.Bot.Tests.Twilio.Fake;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>TwilioConnectionOverridesTests: a webhook URL configured with the README's "#rc=5&amp;rp=all" is signed over it, and accepted.</summary>
/// <remarks>Twilio signs the URL as configured, fragment included, but never sends the fragment; any other fragment is not ours.</remarks>
public sealed class TwilioConnectionOverridesTests
{
    private const string ReadmeOverrides = "#rc=5&rp=all";

    [Theory]
    [InlineData("/webhooks/twilio/sms", false)]
    [InlineData("/webhooks/twilio/whatsapp", true)]
    public async Task AWebhookSignedOverTheUrlWithTheConnectionOverridesIsAccepted(string path, bool whatsApp)
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm("+201001234567", "انضم", whatsApp: whatsApp);

        using var response = await host.PostAsync(path, form, TwilioSigner.Sign(FakeTwilioServer.AuthToken, TwilioTestHost.PublicBaseUrl + path + ReadmeOverrides, form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(form["MessageSid"], Assert.Single(await host.InboundAsync()).ProviderId);
    }

    [Theory]
    [InlineData("#rc=3&rp=all")]
    [InlineData("#rc=5&rp=ct")]
    [InlineData("#rc=5&rp=all&ct=2000")]
    [InlineData("#")]
    [InlineData("?rc=5&rp=all")]
    public async Task AWebhookSignedOverAnotherFragmentIsRefused(string suffix)
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm("+201001234567", "انضم");

        using var response = await host.PostAsync("/webhooks/twilio/sms", form, TwilioSigner.Sign(FakeTwilioServer.AuthToken, TwilioTestHost.PublicBaseUrl + "/webhooks/twilio/sms" + suffix, form));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await host.InboundAsync());
    }
}
