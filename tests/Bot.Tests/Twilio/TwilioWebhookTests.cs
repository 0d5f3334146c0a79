using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Incoming SMS and WhatsApp webhooks: signatures, parsing, dedupe and the empty TwiML answer.</summary>
public sealed class TwilioWebhookTests
{
    private const string Mona = "+201001234567";

    [Fact]
    public async Task SignedSmsReachesTheFlowAndIsAnsweredWithEmptyTwiml()
    {
        await using var host = await TwilioHost.StartAsync();
        using var response = await host.PostAsync("/webhooks/twilio/sms", TwilioHost.SmsForm("SM1", Mona, "اشترك"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("<Response/>", await response.Content.ReadAsStringAsync());
        var logged = Assert.Single(await host.InboundAsync());
        Assert.Equal(("sms", "SM1", "tel:" + Mona), (logged.Channel, logged.ProviderId, logged.Urn));
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal(("sms", "tel:" + Mona), (reply.Channel, reply.Urn));
        Assert.Contains("1- عربي", reply.Text); // no buttons on SMS: the list is in the text
    }

    [Theory]
    [InlineData("")]
    [InlineData("bm90IGEgc2lnbmF0dXJl")]
    public async Task MissingOrForgedSignatureIsRefusedAndNothingIsStored(string signature)
    {
        await using var host = await TwilioHost.StartAsync();
        using var response = await host.PostAsync("/webhooks/twilio/sms", TwilioHost.SmsForm("SM1", Mona, "اشترك"), signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await host.InboundAsync());
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task SignatureOverTheInternalUrlOrAChangedParameterIsRefused()
    {
        await using var host = await TwilioHost.StartAsync();
        var form = TwilioHost.SmsForm("SM1", Mona, "اشترك");
        var signedForInternalUrl = TwilioSigner.Sign(TwilioHost.AuthToken, "http://localhost/webhooks/twilio/sms", form);
        using var internalUrl = await host.PostAsync("/webhooks/twilio/sms", form, signedForInternalUrl);
        var signedForOtherBody = TwilioSigner.Sign(TwilioHost.AuthToken, TwilioHost.PublicBase + "/webhooks/twilio/sms", TwilioHost.SmsForm("SM1", Mona, "STOP"));
        using var otherBody = await host.PostAsync("/webhooks/twilio/sms", form, signedForOtherBody);

        Assert.Equal(HttpStatusCode.Forbidden, internalUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherBody.StatusCode);
        Assert.Empty(await host.InboundAsync());
    }

    [Fact]
    public async Task ReplayedMessageSidIsHandledOnce()
    {
        await using var host = await TwilioHost.StartAsync();
        await host.SmsAsync("SM1", Mona, "اشترك");
        await host.SmsAsync("SM1", Mona, "اشترك");

        Assert.Single(await host.InboundAsync());
        Assert.Single(await host.OutboxAsync());
    }

    [Fact]
    public async Task WhatsAppMessageGetsAWhatsAppUrnAndTheNumberAsChannelPhone()
    {
        await using var host = await TwilioHost.StartAsync();
        using var response = await host.PostAsync("/webhooks/twilio/whatsapp", TwilioHost.WhatsAppForm("SM2", Mona, "اشترك"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logged = Assert.Single(await host.InboundAsync());
        Assert.Equal(("whatsapp", "whatsapp:" + Mona), (logged.Channel, logged.Urn));
        Assert.Equal("whatsapp", Assert.Single(await host.OutboxAsync()).Channel);
    }

    [Fact]
    public async Task MediaOnlyMessageIsAnsweredTextOnly()
    {
        await using var host = await TwilioHost.StartAsync();
        var form = TwilioHost.SmsForm("SM1", Mona, "");
        form["NumMedia"] = "1";
        form["MediaUrl0"] = "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/SM1/Media/ME1";
        form["MediaContentType0"] = "image/jpeg";
        using var response = await host.PostAsync("/webhooks/twilio/sms", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(nameof(InboundKind.Media), Assert.Single(await host.InboundAsync()).Kind);
        Assert.Contains("المكتوب", Assert.Single(await host.OutboxAsync()).Text);
    }

    [Fact]
    public async Task CarrierStopStopsTheContactWithoutReplyAndCarrierStartOptsBackIn()
    {
        await using var host = await TwilioHost.StartAsync();
        await host.SmsAsync("SM1", Mona, "اشترك");
        var stop = TwilioHost.SmsForm("SM2", Mona, "STOP");
        stop["OptOutType"] = "STOP";
        (await host.PostAsync("/webhooks/twilio/sms", stop)).EnsureSuccessStatusCode();

        var contact = await host.Storage.ReadAsync(s => ContactRepository.FindByUrn(s, "tel:" + Mona));
        Assert.Equal(ContactStatus.Stopped, contact!.Status);
        Assert.Single(await host.OutboxAsync()); // only the reply to اشترك

        var start = TwilioHost.SmsForm("SM3", Mona, "START");
        start["OptOutType"] = "START";
        (await host.PostAsync("/webhooks/twilio/sms", start)).EnsureSuccessStatusCode();
        contact = await host.Storage.ReadAsync(s => ContactRepository.FindByUrn(s, "tel:" + Mona));
        Assert.Equal(ContactStatus.Active, contact!.Status);
        Assert.Equal(nameof(InboundKind.CarrierOptIn), (await host.InboundAsync()).Single(e => e.ProviderId == "SM3").Kind);
    }

    [Theory]
    [InlineData("From", "")]
    [InlineData("From", "not-a-number")]
    [InlineData("MessageSid", "")]
    [InlineData("NumMedia", "lots")]
    public async Task MalformedFieldsGet400AndNothingIsStored(string field, string value)
    {
        await using var host = await TwilioHost.StartAsync();
        var form = TwilioHost.SmsForm("SM1", Mona, "اشترك");
        form[field] = value;
        if (field == "MessageSid") form["SmsMessageSid"] = value;
        using var response = await host.PostAsync("/webhooks/twilio/sms", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await host.InboundAsync());
    }

    [Fact]
    public async Task NonFormOrInvalidUtf8BodiesGet400()
    {
        await using var host = await TwilioHost.StartAsync();
        using var json = await host.Client.PostAsync("/webhooks/twilio/sms", new StringContent("{\"From\":\"+201001234567\"}", System.Text.Encoding.UTF8, "application/json"));
        var bytes = new ByteArrayContent([0x42, 0x6f, 0x64, 0x79, 0x3d, 0xff, 0xfe]);
        bytes.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var invalid = await host.Client.PostAsync("/webhooks/twilio/sms", bytes);

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Empty(await host.InboundAsync());
    }

    [Fact]
    public async Task WithoutCredentialsTheChannelIsOffAndTheServiceStarts()
    {
        await using var host = await TwilioHost.StartAsync(s => { s["Twilio:AccountSid"] = ""; s["Twilio:AuthToken"] = ""; });
        using var response = await host.PostAsync("/webhooks/twilio/sms", TwilioHost.SmsForm("SM1", Mona, "اشترك"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // No sender either: the delivery engine keeps SMS and WhatsApp messages queued until Twilio is configured.
        Assert.DoesNotContain(host.Factory.Services.GetServices<Channels.IChannelSender>(), s => s.Channel is "sms" or "whatsapp");
    }
}
