using OutreachBot.Bot.Channels;
using OutreachBot.Flows.Text;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Sign-ups by SMS and WhatsApp end to end: signed webhooks in, the real flows, REST sends out through the library, status callbacks back.</summary>
/// <remarks>
/// When the host runs the delivery engine it sends the replies; without it (before it lands) the test plays its part:
/// it sends each queued outbox row once through the host's sender and records the result as the engine would.
/// </remarks>
public sealed class TwilioSignUpTests
{
    private const string Number = "+201001234567";
    private static readonly string[] ArabicSms = ["اشترك", "1", "فاطمة محمود حسن", "المنيا", "دير مواس", "٢٢", "1", "١، ٣", "1 2 3", "نعم", "1"];
    private static readonly string[] EnglishWhatsApp = ["JOIN", "2", "Ali Hassan Omar", "Sohag", "Akhmim", "35-49", "2", "5", "3", "yes", "ok"];

    [Fact]
    public async Task AnArabicSignUpBySmsSkipsThePhoneStepAndEveryReplyIsDelivered()
    {
        await using var host = await TwilioHost.StartAsync();
        var n = 0;
        foreach (var answer in ArabicSms)
        {
            await host.SmsAsync("SMin" + n++, Number, answer);
            await DeliverQueuedAsync(host, "sms");
        }
        await ReportDeliveredAsync(host);

        var contact = await host.Storage.ReadAsync(s => ContactRepository.FindByUrn(s, "tel:" + Number));
        Assert.Equal("فاطمة محمود حسن", contact!.Name);
        Assert.Equal(Number, contact.Phone);
        Assert.NotNull(contact.VolunteerNumber);

        var bodies = host.Api.Requests.Select(r => r["Body"]!).ToList();
        Assert.Contains(contact.VolunteerNumber, bodies[^1]);
        Assert.DoesNotContain(Texts.Get("ask_phone", "ar"), bodies); // the number came from the channel
        Assert.All(bodies, b => Assert.True(SmsSegments.Count(b).Segments <= 3, b));
        Assert.All(host.Api.Requests, r => Assert.Equal((Number, TwilioHost.SmsFrom), (r["To"], r["From"])));
        Assert.Empty(host.Api.Unexpected);

        var outbox = await host.OutboxAsync();
        Assert.Equal(bodies.Count, outbox.Count);
        Assert.All(outbox, m => Assert.Equal(OutboxStatus.Delivered, m.Status));
    }

    [Fact]
    public async Task AnEnglishSignUpByWhatsAppRepliesWithFreeFormTextInsideTheWindow()
    {
        await using var host = await TwilioHost.StartAsync();
        var n = 0;
        foreach (var answer in EnglishWhatsApp)
        {
            using var response = await host.PostAsync("/webhooks/twilio/whatsapp", TwilioHost.WhatsAppForm("SMwa" + n++, Number, answer));
            response.EnsureSuccessStatusCode();
            await DeliverQueuedAsync(host, "whatsapp");
        }
        await ReportDeliveredAsync(host);

        var contact = await host.Storage.ReadAsync(s => ContactRepository.FindByUrn(s, "whatsapp:" + Number));
        Assert.Equal("Ali Hassan Omar", contact!.Name);
        Assert.Equal(Number, contact.Phone);
        Assert.Contains(contact.VolunteerNumber!, host.Api.Requests[^1]["Body"]);
        Assert.All(host.Api.Requests, r =>
        {
            Assert.Equal(("whatsapp:" + Number, "whatsapp:" + TwilioHost.WhatsAppFrom), (r["To"], r["From"]));
            Assert.Null(r["ContentSid"]); // every reply went inside the 24-hour window
        });
        Assert.All(await host.OutboxAsync(), m => Assert.Equal(OutboxStatus.Delivered, m.Status));
    }

    /// <summary>ReportDeliveredAsync posts Twilio's "sent" and "delivered" callbacks for every message.</summary>
    private static async Task ReportDeliveredAsync(TwilioHost host)
    {
        foreach (var message in await host.OutboxAsync())
        {
            (await host.StatusAsync(message.ProviderId!, "sent")).EnsureSuccessStatusCode();
            (await host.StatusAsync(message.ProviderId!, "delivered")).EnsureSuccessStatusCode();
        }
    }

    /// <summary>DeliverQueuedAsync waits until every reply was sent once, sending them itself when the host has no delivery engine.</summary>
    private static async Task DeliverQueuedAsync(TwilioHost host, string channel)
    {
        if (host.HasDeliveryEngine)
        {
            // The engine paces messages to one recipient by the host's (fake) clock, so the clock moves while we wait.
            for (var i = 0; i < 500 && (await host.OutboxAsync()).Any(m => m.ProviderId is null); i++)
            {
                host.Time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(10);
            }
            return;
        }
        var sender = host.Sender(channel);
        var queued = await host.Storage.ReadAsync(s => s.Outbox.Find(m => m.ProviderId == null).OrderBy(m => m.Id).ToList());
        foreach (var message in queued)
        {
            var sent = Assert.IsType<SendResult.Sent>(await sender.SendAsync(message, default));
            await host.Storage.WriteAsync(s =>
            {
                message.Status = OutboxStatus.Sent;
                message.ProviderId = sent.ProviderId;
                s.Outbox.Update(message);
            });
        }
    }
}
