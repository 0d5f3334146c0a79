using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Logging;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Pipeline;

/// <summary>MessagePipeline: dedupe, per-contact ordering, one flow step, one durable write, then acknowledge.</summary>
public sealed class MessagePipeline(
    IConversationEngine engine,
    StorageWriter writer,
    ContactRepository contacts,
    SessionRepository sessions,
    InboundLogRepository inboundLog,
    ContactIdAllocator ids,
    IEnumerable<IOutboxSignal> signals,
    TimeProvider time,
    ILogger<MessagePipeline> logger) : IInboundPipeline
{
    private readonly KeyedLock _locks = new();
    private readonly IOutboxSignal[] _signals = [.. signals];

    /// <inheritdoc />
    public async Task<PipelineResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        using var urnLock = await _locks.AcquireAsync(message.Urn, cancellationToken).ConfigureAwait(false);

        var seen = inboundLog.Find(message.Channel, message.ProviderId);
        if (seen is not null) return Duplicate(message, seen.ContactId);

        var contact = contacts.FindByUrn(message.Urn);
        // A contact reachable on several URNs is also locked by id, so its Telegram and SMS messages never interleave.
        using var contactLock = contact is null ? null
            : await _locks.AcquireAsync("contact:" + contact.Id, cancellationToken).ConfigureAwait(false);
        if (contact is not null) contact = contacts.Get(contact.Id) ?? contact;

        var now = time.GetUtcNow();
        contact ??= NewContact(message, now);
        var session = sessions.Get(contact.Id);
        var step = engine.Step(contact, session, ToInbound(message), now);

        var write = new ConversationWrite
        {
            Inbound = LogEntry(message, contact.Id),
            Contact = step.Contact,
            Session = step.Session,
            Outbox = [.. step.Replies.Select(r => ToOutbox(r, message, step.Contact, now))],
        };
        var stored = await writer.WriteAsync(write.Apply).ConfigureAwait(false);
        if (!stored) return Duplicate(message, contact.Id);

        foreach (var signal in _signals) signal.Notify(write.Outbox);
        logger.LogDebug("Handled {Channel} message {ProviderId} from {Urn}: {Replies} replies",
            message.Channel, message.ProviderId, Redact.Urn(message.Urn), step.Replies.Count);
        return new PipelineResult(false, write.Inbound.ContactId, step.Replies);
    }

    private PipelineResult Duplicate(InboundMessage message, long contactId)
    {
        logger.LogInformation("Ignored redelivered {Channel} message {ProviderId}", message.Channel, message.ProviderId);
        return new PipelineResult(true, contactId, []);
    }

    private Contact NewContact(InboundMessage message, DateTimeOffset now) => new()
    {
        Id = ids.Next(),
        Urns = [message.Urn],
        CreatedAt = now,
        LastSeenAt = now,
    };

    private static Inbound ToInbound(InboundMessage m) =>
        new(m.Text, m.Kind, m.Channel, m.Traits, m.ChannelPhone, m.StartPayload);

    private static InboundLogEntry LogEntry(InboundMessage m, long contactId) => new()
    {
        Id = InboundLogEntry.KeyOf(m.Channel, m.ProviderId),
        Channel = m.Channel,
        ProviderId = m.ProviderId,
        ContactId = contactId,
        Urn = m.Urn,
        Text = m.Text,
        Kind = m.Kind.ToString(),
        ReceivedAt = m.ReceivedAt,
    };

    private static OutboxMessage ToOutbox(Reply reply, InboundMessage m, Contact contact, DateTimeOffset now) => new()
    {
        ContactId = contact.Id,
        Channel = m.Channel,
        Urn = m.Urn,
        Text = reply.Text,
        Choices = [.. reply.ChoiceList],
        ChoicesPerRow = reply.ChoicesPerRow,
        Keyboard = reply.Keyboard,
        Language = contact.Language,
        Priority = OutboxPriority.Reply,
        Status = OutboxStatus.Queued,
        CreatedAt = now,
        NextAttemptAt = now,
        InReplyTo = InboundLogEntry.KeyOf(m.Channel, m.ProviderId),
        InboundReceivedAt = m.ReceivedAt,
    };
}
