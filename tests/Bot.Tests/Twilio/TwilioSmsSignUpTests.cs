using OutreachBot.Bot.Channels;
using OutreachBot.Flows.Text;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>An Arabic sign-up by SMS end to end: signed webhooks in, the real flows, REST sends out through the library, status callbacks back.</summary>
/// <remarks>
/// When the host runs the delivery engine it sends the replies; without it (before it lands) the test plays its part:
/// it sends each queued outbox row once through the host's sender and records the result as the engine would.
/// </remarks>
public sealed class TwilioSmsSignUpTests
{
    private const string Fatma = "+201001234567";
    private static readonly string[] Answers = ["اشترك", "1", "فاطمة محمود حسن", "المنيا", "دير مواس", "٢٢", "1", "١، ٣", "1 2 3", "نعم", "1"];

    [Fact]
    public async Task AnArabicSignUpBySmsSkipsThePhoneStepAndEveryReplyIsDelivered()
    {
        await using var host = await TwilioHost.StartAsync();
        var n = 0;
        foreach (var answer in Answers)
        {
            await host.SmsAsync("SMin" + n++, Fatma, answer);
            await DeliverQueuedAsync(host);
        }
        foreach (var message in await host.OutboxAsync())
        {
            (await host.StatusAsync(message.ProviderId!, "sent")).EnsureSuccessStatusCode();
            (await host.StatusAsync(message.ProviderId!, "delivered")).EnsureSuccessStatusCode();
        }

        var contact = await host.Storage.ReadAsync(s => ContactRepository.FindByUrn(s, "tel:" + Fatma));
        Assert.Equal("فاطمة محمود حسن", contact!.Name);
        Assert.Equal(Fatma, contact.Phone);
        Assert.NotNull(contact.VolunteerNumber);

        var bodies = host.Api.Requests.Select(r => r["Body"]!).ToList();
        Assert.Contains(contact.VolunteerNumber, bodies[^1]);
        Assert.DoesNotContain(Texts.Get("ask_phone", "ar"), bodies); // the number came from the channel
        Assert.All(bodies, b => Assert.True(SmsSegments.Count(b).Segments <= 3, b));
        Assert.All(host.Api.Requests, r => Assert.Equal(Fatma, r["To"]));
        Assert.Empty(host.Api.Unexpected);

        var outbox = await host.OutboxAsync();
        Assert.Equal(bodies.Count, outbox.Count);
        Assert.All(outbox, m => Assert.Equal(OutboxStatus.Delivered, m.Status));
    }

    /// <summary>DeliverQueuedAsync waits until every reply was sent once, sending them itself when the host has no delivery engine.</summary>
    private static async Task DeliverQueuedAsync(TwilioHost host)
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
        var sender = host.Sender("sms");
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
