using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>OptOutDeliveryTests: a contact who sent STOP is sent nothing but the STOP confirmation and the answer to START, whenever a message was queued.</summary>
public sealed class OptOutDeliveryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _folder.Dispose();

    private DeliveryRig Rig(FakeSender sender)
    {
        var options = DeliveryRig.ExactOptions();
        options.Channels["test"] = new ChannelRateOptions { Rate = 100, Burst = 100 };
        return new DeliveryRig(_folder.File("outbox.db"), options, _time, [sender]);
    }

    private static OutboxMessage To7(string text, OutboxPriority priority, ReplyPurpose purpose = ReplyPurpose.Conversation)
    {
        var message = Messages.Of("test", "test:7", text, priority, Start, contactId: 7);
        message.Purpose = purpose;
        return message;
    }

    private static Task AddContactAsync(DeliveryRig rig, ContactStatus status) =>
        rig.Writer.WriteAsync(s => s.Contacts.Insert(new Contact { Id = 7, Urns = ["test:7"], Status = status }));

    /// <summary>StopAsync stores contact 7's STOP as the pipeline does: one conversation write, its confirmation queued.</summary>
    private static async Task<OutboxMessage> StopAsync(DeliveryRig rig)
    {
        var confirmation = To7("stopped", OutboxPriority.Reply, ReplyPurpose.OptOutConfirmation);
        await rig.Writer.WriteAsync(s =>
        {
            var read = s.Contacts.FindById(7L);
            var stopped = read.Clone();
            stopped.Status = ContactStatus.Stopped;
            new ConversationWrite
            {
                Inbound = new InboundLogEntry { Id = "test:stop", Channel = "test", ProviderId = "stop", Urn = "test:7", Text = "STOP", ReceivedAt = Start },
                Contact = stopped,
                Session = new Session { ContactId = 7 },
                Outbox = [confirmation],
                KnownUrns = read.Urns,
                ReadAs = read,
                ReadVersion = s.ContactVersions.Of(7),
            }.Apply(s);
        });
        rig.Queues.Notify([confirmation]);
        return confirmation;
    }

    [Fact]
    public async Task AStoppedContactIsSentOnlyTheOptOutConfirmationAndTheAnswerToStart()
    {
        var sender = new FakeSender("test", _time);
        await using var rig = Rig(sender);
        await AddContactAsync(rig, ContactStatus.Stopped);
        var messages = await rig.AddAsync(
            To7("an answer", OutboxPriority.Reply),
            To7("a reminder", OutboxPriority.Bulk),
            To7("your code is 4821", OutboxPriority.Reply, ReplyPurpose.VerificationCode),
            To7("you will get no more messages", OutboxPriority.Reply, ReplyPurpose.OptOutConfirmation),
            To7("welcome back", OutboxPriority.Reply, ReplyPurpose.OptInAnswer));
        await rig.StartAsync();

        await DeliveryRig.Eventually(() => messages.All(m => rig.Load(m.Id).Status is OutboxStatus.Sent or OutboxStatus.Failed), "all settled");

        Assert.Equal(["welcome back", "you will get no more messages"], sender.Calls.Select(c => c.Text).Order());
        foreach (var refused in messages.Take(3).Select(m => rig.Load(m.Id)))
        {
            Assert.Equal((OutboxStatus.Failed, "contact_stopped"), (refused.Status, refused.ErrorCode));
            Assert.Contains("STOP", refused.Error);
        }
        Assert.Contains("outbox_failed_total{channel=\"test\",code=\"contact_stopped\"} 3", rig.MetricsText());
    }

    [Fact]
    public async Task AMessageQueuedBeforeStopAndClaimedAfterIsNeverSent()
    {
        var sender = new FakeSender("test", _time);
        await using var rig = Rig(sender);
        await AddContactAsync(rig, ContactStatus.Active);
        var reminder = (await rig.AddAsync(To7("a reminder", OutboxPriority.Bulk)))[0];
        var confirmation = await StopAsync(rig);
        await rig.StartAsync();

        await DeliveryRig.Eventually(() => rig.Load(confirmation.Id).Status == OutboxStatus.Sent, "the confirmation sent");

        Assert.Equal(["stopped"], sender.Calls.Select(c => c.Text));
        Assert.Equal((OutboxStatus.Failed, "contact_stopped"), (rig.Load(reminder.Id).Status, rig.Load(reminder.Id).ErrorCode));
    }

    [Fact]
    public async Task BulkAProducerQueuesAfterTheStopFailsWhenItIsClaimed()
    {
        // A broadcast that read the contact as active before the STOP, and inserts its message after it.
        var sender = new FakeSender("test", _time);
        await using var rig = Rig(sender);
        await AddContactAsync(rig, ContactStatus.Active);
        await rig.StartAsync();
        var confirmation = await StopAsync(rig);
        await DeliveryRig.Eventually(() => rig.Load(confirmation.Id).Status == OutboxStatus.Sent, "the confirmation sent");

        var late = (await rig.Bulk.EnqueueBulkAsync([To7("a broadcast", OutboxPriority.Bulk)], CancellationToken.None))[0];

        await DeliveryRig.Eventually(() => rig.Load(late.Id).Status == OutboxStatus.Failed, "the broadcast failed");
        Assert.Equal("contact_stopped", rig.Load(late.Id).ErrorCode);
        Assert.Equal(["stopped"], sender.Calls.Select(c => c.Text));
    }
}
