using OutreachBot.Storage.Tests.Support;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>OutboxOptOutTests: the conversation write that stores a STOP fails everything still queued for the contact but its confirmation.</summary>
public sealed class OutboxOptOutTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private static OutboxMessage Queued(string urn, OutboxPriority priority, string text, long contactId = 7) => new()
    {
        ContactId = contactId, Channel = urn.Split(':')[0], Urn = urn, Text = text, Priority = priority,
        Status = OutboxStatus.Queued, CreatedAt = T0, NextAttemptAt = T0,
    };

    /// <summary>Writes contact 7 (on a Telegram and an SMS URN) and its first message, as the pipeline would.</summary>
    private async Task<Contact> SignedUpAsync()
    {
        var contact = new Contact { Id = 7, Urns = ["telegram:7", "tel:+201001234567"], Phone = "+201001234567", LastSeenAt = T0 };
        await _db.Writer.WriteAsync(Write(contact, readAs: null, version: 0, "m0").Apply);
        return _db.Read(s => s.Contacts.FindById(7L));
    }

    private static ConversationWrite Write(Contact contact, Contact? readAs, long version, string providerId, params OutboxMessage[] replies) => new()
    {
        Inbound = new InboundLogEntry { Id = InboundLogEntry.KeyOf("telegram", providerId), Channel = "telegram", ProviderId = providerId, Urn = "telegram:7", ReceivedAt = T0 },
        Contact = contact,
        Session = new Session { ContactId = contact.Id },
        Outbox = replies,
        KnownUrns = readAs?.Urns ?? [],
        KnownPhone = readAs?.Phone,
        ReadAs = readAs,
        ReadVersion = version,
    };

    /// <summary>StepAsync stores one more message from contact 7 whose flow step left it in <paramref name="status"/>.</summary>
    private async Task<OutboxMessage[]> StepAsync(ContactStatus status, string providerId, params OutboxMessage[] replies)
    {
        var read = _db.Read(s => s.Contacts.FindById(7L));
        var version = _db.Read(s => s.ContactVersions.Of(7));
        var next = read.Clone();
        next.Status = status;
        foreach (var reply in replies) reply.InReplyTo = InboundLogEntry.KeyOf("telegram", providerId);
        Assert.True(await _db.Writer.WriteAsync(Write(next, read, version, providerId, replies).Apply));
        return replies;
    }

    [Fact]
    public async Task StoringAStopFailsEveryQueuedMessageOfTheContactOnEveryUrnButItsConfirmation()
    {
        await SignedUpAsync();
        var queued = await _db.Outbox.WriteAsync(c => c.InsertAll([
            Queued("telegram:7", OutboxPriority.Reply, "earlier reply"),
            Queued("telegram:7", OutboxPriority.Bulk, "reminder"),
            Queued("tel:+201001234567", OutboxPriority.Bulk, "broadcast by SMS"),
            Queued("tel:+201009999999", OutboxPriority.Bulk, "someone else", contactId: 8),
        ]));
        var confirmation = Queued("telegram:7", OutboxPriority.Reply, "you will get no more messages");
        confirmation.Purpose = ReplyPurpose.OptOutConfirmation;

        await StepAsync(ContactStatus.Stopped, "m1", confirmation);

        foreach (var message in queued.Take(3))
        {
            var stored = _db.Read(s => s.Outbox.FindById(message.Id));
            Assert.Equal((OutboxStatus.Failed, "contact_stopped"), (stored.Status, stored.ErrorCode));
            Assert.Contains("STOP", stored.Error);
        }
        Assert.Equal(OutboxStatus.Queued, _db.Read(s => s.Outbox.FindById(queued[3].Id)).Status);
        Assert.Equal(OutboxStatus.Queued, _db.Read(s => s.Outbox.FindById(confirmation.Id)).Status);
    }

    [Fact]
    public async Task AWriteThatDoesNotStopTheContactLeavesItsQueueAlone()
    {
        await SignedUpAsync();
        var queued = await _db.Outbox.WriteAsync(c => c.InsertAll([Queued("telegram:7", OutboxPriority.Bulk, "reminder")]));

        await StepAsync(ContactStatus.Active, "m1", Queued("telegram:7", OutboxPriority.Reply, "menu"));

        Assert.Equal(OutboxStatus.Queued, _db.Read(s => s.Outbox.FindById(queued[0].Id)).Status);
    }
}
