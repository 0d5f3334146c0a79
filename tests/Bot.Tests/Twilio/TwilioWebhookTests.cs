using System.Net;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Incoming SMS and WhatsApp webhooks of the real host: signatures, parsing, dedupe, and answers Twilio understands.</summary>
public sealed class TwilioWebhookTests
{
    private const string Mona = "+201001234567";

    [Fact]
    public async Task SignedSmsIsStoredAndAnsweredWithEmptyTwimlAfterItsReplyIsQueued()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var response = await host.SmsAsync(Mona, "اشترك");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("<Response/>", await response.Content.ReadAsStringAsync());
        var entry = Assert.Single(await host.InboundAsync());
        Assert.Equal("sms", entry.Channel);
        Assert.Equal("tel:" + Mona, entry.Urn);
        Assert.Equal("اشترك", entry.Text);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal("sms", reply.Channel);
        Assert.Equal("tel:" + Mona, reply.Urn);
    }

    [Fact]
    public async Task WhatsAppNumberLosesTwiliosPrefixAndBecomesAWhatsAppUrnWithTheChannelPhone()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm(Mona, "اشترك", whatsApp: true);
        form["ProfileName"] = "Mona";
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/webhooks/twilio/whatsapp", form)).StatusCode);

        var entry = Assert.Single(await host.InboundAsync());
        Assert.Equal("whatsapp", entry.Channel);
        Assert.Equal("whatsapp:" + Mona, entry.Urn);
        var contact = await host.Storage.ReadAsync(s => s.Contacts.FindAll().Single());
        // WhatsApp vouches for the sender's number: it is the contact's phone from the first message, with its tel: URN.
        Assert.Equal(Mona, contact.Phone);
        Assert.Equal(["tel:" + Mona, "whatsapp:" + Mona], contact.Urns.Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("bm90IGEgc2lnbmF0dXJl")]
    public async Task MissingOrForgedSignatureIsRefusedAndNothingIsStored(string signature)
    {
        await using var host = await TwilioTestHost.StartAsync();
        var response = await host.PostAsync("/webhooks/twilio/sms", host.InboundForm(Mona, "اشترك"), signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await host.InboundAsync());
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task SignatureOverTheInternalUrlOrWithAnotherTokenIsRefused()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm(Mona, "اشترك");
        var internalUrl = TwilioSigner.Sign(FakeTwilioServer.AuthToken, "http://localhost/webhooks/twilio/sms", form);
        var otherToken = TwilioSigner.Sign("0000000000000000000000000000000f", TwilioTestHost.PublicBaseUrl + "/webhooks/twilio/sms", form);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync("/webhooks/twilio/sms", form, internalUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync("/webhooks/twilio/sms", form, otherToken)).StatusCode);
        Assert.Empty(await host.InboundAsync());
    }

    [Fact]
    public async Task ATamperedBodyFailsTheSignature()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm(Mona, "اشترك");
        var signature = TwilioSigner.Sign(FakeTwilioServer.AuthToken, TwilioTestHost.PublicBaseUrl + "/webhooks/twilio/sms", form);
        form["Body"] = "STOP";

        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync("/webhooks/twilio/sms", form, signature)).StatusCode);
        Assert.Empty(await host.InboundAsync());
    }

    [Fact]
    public async Task AReplayedMessageSidIsHandledOnce()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var sid = host.NextSid();
        Assert.Equal(HttpStatusCode.OK, (await host.SmsAsync(Mona, "اشترك", sid)).StatusCode);
        var replay = await host.SmsAsync(Mona, "اشترك", sid);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.EndsWith("<Response/>", await replay.Content.ReadAsStringAsync());
        Assert.Single(await host.InboundAsync());
        Assert.Single(await host.OutboxAsync());
    }

    [Theory]
    [InlineData("STOP", "STOP", InboundKind.CarrierOptOut)]
    [InlineData("START", "START", InboundKind.CarrierOptIn)]
    [InlineData("HELP", "HELP", InboundKind.Text)]
    public async Task TwiliosOptOutTypeTellsWhatTheCarrierAlreadyDid(string body, string optOutType, InboundKind kind)
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm(Mona, body);
        form["OptOutType"] = optOutType;
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/webhooks/twilio/sms", form)).StatusCode);

        Assert.Equal(kind.ToString(), Assert.Single(await host.InboundAsync()).Kind);
    }

    [Fact]
    public async Task CarrierStopStopsTheContactWithoutAReply()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await host.SmsAsync(Mona, "اشترك");
        var form = host.InboundForm(Mona, "STOP");
        form["OptOutType"] = "STOP";
        await host.PostAsync("/webhooks/twilio/sms", form);

        var contact = await host.Storage.ReadAsync(s => s.Contacts.FindAll().Single());
        Assert.Equal(ContactStatus.Stopped, contact.Status);
        Assert.Single(await host.OutboxAsync());
    }

    [Fact]
    public async Task MediaWithoutTextIsMedia()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm(Mona, "", whatsApp: true);
        form["NumMedia"] = "1";
        form["MediaUrl0"] = "https://api.twilio.com/2010-04-01/Accounts/x/Messages/y/Media/z";
        form["MediaContentType0"] = "image/jpeg";
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/webhooks/twilio/whatsapp", form)).StatusCode);

        Assert.Equal(nameof(InboundKind.Media), Assert.Single(await host.InboundAsync()).Kind);
    }

    [Fact]
    public async Task MediaWithACaptionIsText()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm(Mona, "اشترك");
        form["NumMedia"] = "1";
        await host.PostAsync("/webhooks/twilio/sms", form);

        Assert.Equal(nameof(InboundKind.Text), Assert.Single(await host.InboundAsync()).Kind);
    }
}
