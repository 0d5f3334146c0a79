using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>RedeliveredCodeTests: a redelivered message hands back its still-queued verification code, which went to another URN than the sender's.</summary>
public sealed class RedeliveredCodeTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private static ConversationWrite Write(Contact contact) => new()
    {
        Inbound = new InboundLogEntry { Id = InboundLogEntry.KeyOf("telegram", "u1"), Channel = "telegram", ProviderId = "u1", Urn = "telegram:5" },
        Contact = contact,
        Session = new Session { ContactId = contact.Id },
        Outbox =
        [
            new OutboxMessage { Channel = "sms", Urn = "tel:+201001234567", Text = "code", Purpose = ReplyPurpose.VerificationCode, InReplyTo = InboundLogEntry.KeyOf("telegram", "u1") },
            new OutboxMessage { Channel = "telegram", Urn = "telegram:5", Text = "type the code", InReplyTo = InboundLogEntry.KeyOf("telegram", "u1") },
        ],
    };

    [Fact]
    public async Task TheCodeToTheTypedNumberIsHandedBackWithTheSendersReplies()
    {
        var contact = new Contact { Id = 1, Urns = ["telegram:5"], UnverifiedPhone = "+201001234567" };
        Assert.True(await _db.Writer.WriteAsync(Write(contact).Apply));

        var again = Write(contact);
        Assert.False(await _db.Writer.WriteAsync(again.Apply));
        Assert.Equal(["sms", "telegram"], again.StillQueued.Select(m => m.Channel).Order());
    }
}
