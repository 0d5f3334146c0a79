using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Simulator;
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
    IConversationStore store,
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

        // A merge or a phone claimed through another URN can change the contact after it was read; the write then
        // stores nothing and says so (Stale), and the message is read and stepped again (the step is pure, so redoing it is safe).
        for (var attempt = 1; ; attempt++)
        {
            var (result, write, step) = await StepAndWriteAsync(message, cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case WriteOutcome.Stale when attempt < MaxStaleRetries:
                    continue;
                case WriteOutcome.Stale:
                    throw new InvalidOperationException($"The contact of {message.Channel} message {message.ProviderId} kept changing while it was handled");
                case WriteOutcome.Redelivery:
                    // Notifying twice is harmless (delivery dedupes by id and re-checks the store when it claims).
                    if (result.StillQueued.Count > 0) foreach (var signal in _signals) signal.Notify(result.StillQueued);
                    return Duplicate(message, result.ContactId);
            }

            foreach (var signal in _signals) signal.Notify(write.Outbox);
            logger.LogDebug("Handled {Channel} message {ProviderId} from {Urn}: {Replies} replies",
                message.Channel, message.ProviderId, Redact.Urn(message.Urn), step.Replies.Count);
            return new PipelineResult(false, result.ContactId, step.Replies);
        }
    }

    private const int MaxStaleRetries = 10;

    /// <summary>StepAndWriteAsync reads the sender's contact, runs one flow step and writes it; the caller holds the URN lock.</summary>
    private async Task<(ConversationWriteResult Result, ConversationWrite Write, StepResult Step)> StepAndWriteAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(message.Urn).ConfigureAwait(false);

        // A contact reachable on several URNs is also locked by id, so its Telegram and SMS messages never
        // interleave. The other URN may have changed it between the read and the lock: the write's stamp check then
        // finds it Stale and the message is read and stepped again, so the common case needs no second read.
        using var contactLock = snapshot.Contact is { Urns.Count: > 1 } owner
            ? await _locks.AcquireAsync("contact:" + owner.Id, cancellationToken).ConfigureAwait(false)
            : null;

        var now = time.GetUtcNow();
        var readAs = snapshot.Contact?.Clone(); // kept apart from the step's input, so the write can tell whether the stored one changed
        var contact = snapshot.Contact ?? await NewContactAsync(message, now).ConfigureAwait(false);
        var session = snapshot.Session ?? new Session { ContactId = contact.Id };
        var phoneOwner = await PhoneOwners.ReadAsync(store, message, snapshot.Contact).ConfigureAwait(false);
        var step = engine.Step(contact, session, ToInbound(message, phoneOwner?.Contact), now);

        var write = new ConversationWrite
        {
            Inbound = LogEntry(message, contact.Id),
            Contact = step.Contact,
            Session = step.Session,
            Outbox = [.. step.Replies.Select(r => ToOutbox(r, message, step.Contact, now))],
            Attempts = step.Attempts,
            KnownUrns = snapshot.Contact?.Urns ?? [],
            KnownPhone = snapshot.Contact?.Phone,
            ReadAs = readAs,
            ReadVersion = snapshot.ContactVersion,
            PhoneOwnerRead = phoneOwner is { } o ? (o.Contact.Id, o.Version) : null,
        };
        return (await store.WriteAsync(write).ConfigureAwait(false), write, step);
    }

    private PipelineResult Duplicate(InboundMessage message, long contactId)
    {
        logger.LogInformation("Ignored redelivered {Channel} message {ProviderId}", message.Channel, message.ProviderId);
        return new PipelineResult(true, contactId, []);
    }

    private async Task<Contact> NewContactAsync(InboundMessage message, DateTimeOffset now) => new()
    {
        Id = await store.NextContactIdAsync().ConfigureAwait(false),
        Urns = [message.Urn],
        CreatedAt = now,
        LastSeenAt = now,
        IsSimulated = message.Channel == SimulatorChannel.Name,
    };

    /// <summary>ToInbound: the flow's view of the message, with fresh randomness for a one-time code (the flow has none of its own).</summary>
    private static Inbound ToInbound(InboundMessage m, Contact? phoneOwner) =>
        new(m.Text, m.Kind, m.Channel, m.Traits, m.ChannelPhone, m.StartPayload,
            Nonce: Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), PhoneOwner: phoneOwner);

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

    /// <summary>ToOutbox: a reply as an outbox row, to the sender or, for a verification code, to the number it proves.</summary>
    private static OutboxMessage ToOutbox(Reply reply, InboundMessage m, Contact contact, DateTimeOffset now) => new()
    {
        ContactId = contact.Id,
        Channel = reply.To?.Channel ?? m.Channel,
        Urn = reply.To?.Urn ?? m.Urn,
        Text = reply.Text,
        Choices = [.. reply.ChoiceList],
        ChoicesPerRow = reply.ChoicesPerRow,
        Keyboard = reply.Keyboard,
        Language = contact.Language,
        Priority = OutboxPriority.Reply,
        Purpose = reply.Purpose,
        Status = OutboxStatus.Queued,
        CreatedAt = now,
        NextAttemptAt = now,
        InReplyTo = InboundLogEntry.KeyOf(m.Channel, m.ProviderId),
        InboundReceivedAt = m.ReceivedAt,
    };
}
