using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Pipeline;

/// <summary>IOutboxSignal: told of outbox rows right after they are durable, so delivery need not poll for them.</summary>
public interface IOutboxSignal
{
    /// <summary>Notify hands over rows just committed to the outbox.</summary>
    void Notify(IReadOnlyList<OutboxMessage> messages);
}
