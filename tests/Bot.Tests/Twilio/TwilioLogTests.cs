using System.Text;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>The auth token never reaches a log line, and phone numbers are logged masked.</summary>
public sealed class TwilioLogTests
{
    private const string Mona = "+201001234567";

    [Fact]
    public async Task AuthTokenNeverAndPhoneNumbersOnlyMaskedInLogs()
    {
        await using var host = await TwilioHost.StartAsync();
        await host.Sender("sms").SendAsync(new OutboxMessage { Id = 1, Channel = "sms", Urn = "tel:" + Mona, Text = "x" }, default);
        host.Api.Answer(FakeAnswer.Error(21211));
        var invalid = await host.Sender("sms").SendAsync(new OutboxMessage { Id = 2, Channel = "sms", Urn = "tel:+2010012345", Text = "x" }, default);
        Assert.IsType<Channels.SendResult.PermanentFailure>(invalid);
        await host.Sender("whatsapp").SendAsync(new OutboxMessage { Id = 3, Channel = "whatsapp", Urn = "whatsapp:" + Mona, Text = "x" }, default);
        await host.SmsAsync("SM1", Mona, "اشترك");
        await host.PostAsync("/webhooks/twilio/sms", TwilioHost.SmsForm("SM2", Mona, "1"), "Zm9yZ2Vk");
        await host.Factory.DisposeAsync(); // flush every line, shutdown included

        var logs = host.Logs.AllText;
        Assert.Contains("+20100****567", logs); // the sends and the webhook were logged, masked
        Assert.Contains("permanent failure 21211", logs); // with Twilio's reason, which quotes the number
        Assert.DoesNotContain(TwilioHost.AuthToken, logs);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(TwilioHost.AccountSid + ":" + TwilioHost.AuthToken)), logs);
        Assert.DoesNotContain("1001234567", logs);
        Assert.DoesNotContain("2010012345", logs);
    }
}
