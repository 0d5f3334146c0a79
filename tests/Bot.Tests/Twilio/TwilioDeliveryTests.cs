using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>The delivery engine of the real host sending the pipeline's replies through the Twilio senders.</summary>
public sealed class TwilioDeliveryTests
{
    private const string Mona = "+201001234567";

    [Fact]
    public async Task AWhatsAppReplyInsideTheWindowGoesFreeFormThroughTheEngine()
    {
        await using var host = await TwilioTestHost.StartAsync(delivery: true);
        (await host.PostAsync("/webhooks/twilio/whatsapp", host.InboundForm(Mona, "اشترك", whatsApp: true))).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => (await host.OutboxAsync()).All(m => m.Status == OutboxStatus.Sent), "the reply sent");
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal("whatsapp:" + Mona, request["To"]);
        Assert.Equal("whatsapp:" + TwilioTestHost.WhatsAppFrom, request["From"]);
        Assert.Contains("1- عربي", request["Body"]);
        Assert.Null(request["ContentSid"]);
    }

    [Fact]
    public async Task TwiliosOptedOutErrorBlocksTheContact()
    {
        await using var host = await TwilioTestHost.StartAsync(delivery: true);
        host.Fake.ScriptError(400, 21610, "Attempt to send to unsubscribed recipient");
        (await host.SmsAsync(Mona, "اشترك")).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => (await host.OutboxAsync()).All(m => m.Status == OutboxStatus.Failed), "the reply failed");
        var contact = await host.Storage.ReadAsync(s => s.Contacts.FindAll().Single());
        Assert.Equal(ContactStatus.Blocked, contact.Status);
        Assert.Equal("contact_stopped", Assert.Single(await host.OutboxAsync()).ErrorCode);
    }

    [Fact]
    public async Task AnInvalidNumberFailsTheReplyWithTwiliosCode()
    {
        await using var host = await TwilioTestHost.StartAsync(delivery: true);
        host.Fake.ScriptError(400, 21614, "'To' number is not a valid mobile number");
        (await host.SmsAsync(Mona, "اشترك")).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => (await host.OutboxAsync()).All(m => m.Status == OutboxStatus.Failed), "the reply failed");
        Assert.Equal("21614", Assert.Single(await host.OutboxAsync()).ErrorCode);
    }
}
