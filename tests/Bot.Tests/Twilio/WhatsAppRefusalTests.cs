using System.Net;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>WhatsApp's 63016 reported later in a status callback: the window closes and the text goes again as the template.</summary>
public sealed class WhatsAppRefusalTests
{
    private const string Mona = "+201001234567";
    private const string Text = "فاكرينك! بكرة الساعة ١٠ الصبح تنظيف الجنينة في المنيا.";

    /// <summary>SentFreeFormAsync: Mona wrote an hour ago, so the text goes free-form; the row is recorded as the delivery engine would.</summary>
    private static async Task<(string Sid, long Id)> SentFreeFormAsync(TwilioTestHost host)
    {
        (await host.PostAsync("/webhooks/twilio/whatsapp", host.InboundForm(Mona, "مساعدة", whatsApp: true))).EnsureSuccessStatusCode();
        host.Time.Advance(TimeSpan.FromHours(1));
        var message = new OutboxMessage { ContactId = 1, Channel = "whatsapp", Urn = "whatsapp:" + Mona, Text = Text, Language = "ar" };
        var sent = Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(message, CancellationToken.None));
        Assert.Equal(Text, host.Fake.Requests[^1]["Body"]);
        var id = await host.Storage.WriteAsync(s =>
        {
            message.Status = OutboxStatus.Sent;
            message.ProviderId = sent.ProviderId;
            return (long)s.Outbox.Insert(message).AsInt64;
        });
        return (sent.ProviderId, id);
    }

    [Fact]
    public async Task A63016ReportClosesTheWindowAndQueuesTheTextAgainForTheTemplate()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var (sid, id) = await SentFreeFormAsync(host);

        using (var report = await host.StatusAsync(sid, "failed", "63016")) Assert.Equal(HttpStatusCode.OK, report.StatusCode);

        var outbox = await host.OutboxAsync();
        Assert.Equal(OutboxStatus.Failed, outbox.Single(m => m.Id == id).Status);
        var again = Assert.Single(outbox, m => m.Id != id && m.Text == Text); // besides the flow's own reply to "مساعدة"
        Assert.Equal((OutboxStatus.Queued, Text, "whatsapp:" + Mona, 1L), (again.Status, again.Text, again.Urn, again.ContactId));

        // Our log still says Mona wrote an hour ago, but WhatsApp said no: the copy goes as the template.
        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(again, CancellationToken.None));
        Assert.Equal(TwilioTestHost.TemplateSid, host.Fake.Requests[^1]["ContentSid"]);

        // Once Mona writes again, free-form text is allowed again.
        host.Time.Advance(TimeSpan.FromMinutes(1));
        (await host.PostAsync("/webhooks/twilio/whatsapp", host.InboundForm(Mona, "تمام", whatsApp: true))).EnsureSuccessStatusCode();
        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(again, CancellationToken.None));
        Assert.Equal(Text, host.Fake.Requests[^1]["Body"]);
    }

    [Fact]
    public async Task ARefusalIsQueuedAgainOnceAndOtherFailuresNotAtAll()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var (sid, _) = await SentFreeFormAsync(host);
        var (other, _) = await SentFreeFormAsync(host);

        (await host.StatusAsync(sid, "undelivered", "63016")).EnsureSuccessStatusCode();
        (await host.StatusAsync(sid, "failed", "63016")).EnsureSuccessStatusCode(); // ignored: already final, no second copy
        (await host.StatusAsync(other, "failed", "30008")).EnsureSuccessStatusCode(); // a different error: no second chance

        var texts = (await host.OutboxAsync()).Where(m => m.Text == Text).ToList();
        Assert.Equal(3, texts.Count); // the two sent, and one copy of the refused one
        Assert.Single(texts, m => m.Status == OutboxStatus.Queued);
    }
}
