using OutreachBot.Bot.Channels;
using OutreachBot.Flows.Text;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>An Arabic sign-up by SMS end to end: signed webhooks in, the real flows, REST sends out through the library, status callbacks back.</summary>
/// <remarks>Until the delivery engine is on main the test plays its part: it sends each queued outbox row once through the host's sender and records the result.</remarks>
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

    /// <summary>DeliverQueuedAsync sends every queued row once, records Sent with the MessageSid, then posts Twilio's callbacks for it.</summary>
    private static async Task DeliverQueuedAsync(TwilioHost host)
    {
        var sender = host.Sender("sms");
        var queued = await host.Storage.ReadAsync(s => s.Outbox.Find(m => m.Status == OutboxStatus.Queued).OrderBy(m => m.Id).ToList());
        foreach (var message in queued)
        {
            var sent = Assert.IsType<SendResult.Sent>(await sender.SendAsync(message, default));
            await host.Storage.WriteAsync(s =>
            {
                message.Status = OutboxStatus.Sent;
                message.ProviderId = sent.ProviderId;
                s.Outbox.Update(message);
            });
            (await host.StatusAsync(sent.ProviderId, "sent")).EnsureSuccessStatusCode();
            (await host.StatusAsync(sent.ProviderId, "delivered")).EnsureSuccessStatusCode();
        }
    }
}
