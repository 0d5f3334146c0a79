using System.Net;
using System.Net.Http.Json;
using System.Text;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Bot.Tests.Twilio.Fake;

namespace OutreachBot.Bot.Tests.Pipeline;

/// <summary>SameProviderIdTests: one provider id arriving on two channels is two messages, each stored and answered; dedupe is per channel.</summary>
public sealed class SameProviderIdTests
{
    [Fact]
    public async Task TheSameIdOnSmsWhatsAppTelegramAndTheSimulatorIsOneMessageEach()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var host = await TwilioTestHost.StartAsync(settings =>
        {
            foreach (var (key, value) in TelegramTestHost.Settings(telegram, mode: "Webhook")) settings[key] = value;
            settings["Simulator:Enabled"] = "true"; // the simulator is off by default once a real channel is configured
        });
        var sid = host.NextSid();
        const string telegramId = "555000111:77";

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/webhooks/twilio/sms", host.InboundForm("+201001234567", "انضم", sid))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/webhooks/twilio/whatsapp", host.InboundForm("+201001234567", "انضم", sid, whatsApp: true))).StatusCode);
        var update = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = new StringContent(RecordedUpdates.Text(77, "انضم"), Encoding.UTF8, "application/json") };
        update.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret_Value-1-webhook");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(update)).StatusCode);
        foreach (var id in new[] { telegramId, sid })
            Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "انضم", id })).StatusCode);

        var inbound = await host.InboundAsync();
        // The simulator keys its ids per user ("alice:" + id); the other channels key the provider id as it is.
        Assert.Equal(
            new[] { "sim:alice:" + sid, "sim:alice:" + telegramId, "sms:" + sid, "telegram:" + telegramId, "whatsapp:" + sid }.Order(StringComparer.Ordinal),
            inbound.Select(e => e.Id).Order(StringComparer.Ordinal));
        var answered = (await host.OutboxAsync()).Select(m => m.InReplyTo).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(inbound.Select(e => e.Id).Order(StringComparer.Ordinal), answered);
    }
}
