using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>WhatsApp's 63016 reported later in a status callback: the window closes and the text goes again as the template.</summary>
public sealed class WhatsAppRefusalTests
{
    private const string Mona = "+201001234567";
    private const string Text = "فاكرينك! بكرة الساعة ١٠ الصبح تنظيف الجنينة في المنيا.";

    /// <summary>SentFreeFormAsync: Mona wrote an hour ago, so the text goes free-form; the row is recorded as the delivery engine would.</summary>
    private static async Task<(string Sid, long Id)> SentFreeFormAsync(TwilioTestHost host, ReplyPurpose purpose = ReplyPurpose.Conversation)
    {
        (await host.PostAsync("/webhooks/twilio/whatsapp", host.InboundForm(Mona, "مساعدة", whatsApp: true))).EnsureSuccessStatusCode();
        host.Time.Advance(TimeSpan.FromHours(1));
        var message = new OutboxMessage { ContactId = 1, Channel = "whatsapp", Urn = "whatsapp:" + Mona, Text = Text, Language = "ar", Purpose = purpose };
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
    public async Task AFailedWriteAnswers503SoTwilioRetriesAndStoresNeitherTheReportNorTheRequeue()
    {
        // The write fails after the report was applied to the row and the window closed:
        // all of it is rolled back.
        await using var host = await TwilioTestHost.StartAsync(services: s =>
        {
            var lite = s.Last(d => d.ServiceType == typeof(IOutboxStore));
            s.Remove(lite);
            s.AddSingleton<IOutboxStore>(sp => new FailingAfterWindowClosure((IOutboxStore)lite.ImplementationFactory!(sp)));
        });
        var (sid, id) = await SentFreeFormAsync(host);

        using (var report = await host.StatusAsync(sid, "failed", "63016"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, report.StatusCode);

        var row = (await host.OutboxAsync()).Single(m => m.Id == id);
        Assert.Equal((OutboxStatus.Sent, null), (row.Status, row.ErrorCode));
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.Id != id && m.Text == Text);
        Assert.Null(await host.Services.GetRequiredService<IOutboxStore>().WhatsAppWindowClosedAtAsync("whatsapp:" + Mona));
    }

    /// <summary>FailingAfterWindowClosure: the real store, whose write throws once it has closed a window (a request that fails alone).</summary>
    private sealed class FailingAfterWindowClosure(IOutboxStore inner) : ForwardingOutboxStore(inner)
    {
        public override Task<T> WriteAsync<T>(Func<IOutboxChanges, T> work) => base.WriteAsync(changes =>
        {
            var watched = new ClosingWatch(changes);
            var result = work(watched);
            if (watched.Closed) throw new InvalidOperationException("the write failed half way");
            return result;
        });
    }

    /// <summary>ClosingWatch passes every change through and notes whether a window was closed.</summary>
    private sealed class ClosingWatch(IOutboxChanges inner) : IOutboxChanges
    {
        public bool Closed { get; private set; }
        public OutboxMessage? Find(long id) => inner.Find(id);
        public OutboxMessage? FindByProviderId(string providerId) => inner.FindByProviderId(providerId);
        public IReadOnlyList<OutboxMessage> Sending() => inner.Sending();
        public IReadOnlyList<OutboxMessage> QueuedFor(string urn) => inner.QueuedFor(urn);
        public IReadOnlyList<OutboxMessage> Claim(IEnumerable<long> ids, DateTimeOffset now, DateTimeOffset leaseUntil) => inner.Claim(ids, now, leaseUntil);
        public IReadOnlyDictionary<long, OutboxMessage> FindMany(IReadOnlyCollection<long> ids) => inner.FindMany(ids);
        public IReadOnlyDictionary<long, Contact> FindContacts(IReadOnlyCollection<long> ids) => inner.FindContacts(ids);
        public IReadOnlyDictionary<long, ContactStatus> ContactStatuses(IReadOnlyCollection<long> ids) => inner.ContactStatuses(ids);
        public void Insert(OutboxMessage message) => inner.Insert(message);
        public void Update(OutboxMessage message) => inner.Update(message);
        public void BlockContact(long contactId) => inner.BlockContact(contactId);
        public void CloseWhatsAppWindow(string urn, DateTimeOffset at) { inner.CloseWhatsAppWindow(urn, at); Closed = true; }
        public long AddPossibleDuplicates(int count) => inner.AddPossibleDuplicates(count);
        public DeliveryReport? KeptReport(string providerId) => inner.KeptReport(providerId);
        public void KeepReport(string providerId, DeliveryReport report) => inner.KeepReport(providerId, report);
        public IReadOnlyList<(string ProviderId, DeliveryReport Report)> KeptReports() => inner.KeptReports();
        public void DropKeptReport(string providerId) => inner.DropKeptReport(providerId);
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

    [Fact]
    public async Task ARefusedStopConfirmationIsQueuedAgainAsAStopConfirmation()
    {
        // Delivery sends a stopped contact only the STOP confirmation and the answer to START: the copy must stay one.
        await using var host = await TwilioTestHost.StartAsync();
        var (sid, id) = await SentFreeFormAsync(host, ReplyPurpose.OptOutConfirmation);

        (await host.StatusAsync(sid, "failed", "63016")).EnsureSuccessStatusCode();

        var again = Assert.Single(await host.OutboxAsync(), m => m.Id != id && m.Text == Text);
        Assert.Equal(ReplyPurpose.OptOutConfirmation, again.Purpose);
    }

    /// <summary>ReportBeforeSettle: Twilio's status callback for the first WhatsApp send arrives while our REST call is still returning.</summary>
    private sealed class ReportBeforeSettle : IDeliveryCrashHook
    {
        private int _sends;
        public Func<string, Task>? Report { get; set; }

        public async Task AfterSendAsync(OutboxMessage message, SendResult result, CancellationToken cancellationToken)
        {
            if (result is SendResult.Sent sent && message.Channel == "whatsapp" && Interlocked.Increment(ref _sends) == 1)
                await Report!(sent.ProviderId);
        }
    }

    [Fact]
    public async Task A63016ReportThatArrivesBeforeTheSendIsSettledStillSendsTheTextAgainAsTheTemplate()
    {
        var hook = new ReportBeforeSettle();
        await using var host = await TwilioTestHost.StartAsync(services: s => s.AddSingleton<IDeliveryCrashHook>(hook), delivery: true);
        hook.Report = async sid => (await host.StatusAsync(sid, "failed", "63016")).EnsureSuccessStatusCode();

        (await host.PostAsync("/webhooks/twilio/whatsapp", host.InboundForm(Mona, "مساعدة", whatsApp: true))).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await host.OutboxAsync()) is [{ Status: OutboxStatus.Sent }], "the free-form reply recorded as sent");
        var freeForm = Assert.Single(host.Fake.Requests);
        Assert.NotNull(freeForm["Body"]);

        // The kept report is applied by the next sweep; the text then goes again, as the template.
        host.Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await host.OutboxAsync()) is [{ Status: OutboxStatus.Failed }, { Status: OutboxStatus.Sent }], "the text sent again");

        var (refused, again) = (await host.OutboxAsync()) is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        Assert.Equal("63016", refused.ErrorCode);
        Assert.Equal(refused.Text, again.Text);
        Assert.Equal(2, host.Fake.Requests.Count);
        Assert.Equal(TwilioTestHost.TemplateSid, host.Fake.Requests[1]["ContentSid"]);
    }
}
