using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>IOutboxSignal: the hook a producer calls after its outbox rows are durably committed, so they are sent without a store scan.</summary>
/// <remarks>
/// Call it only after the write completed (the messages must carry their ids), never inside a write lambda.
/// Notifying the same message twice is harmless; a message never notified is still found by the scan at start.
/// </remarks>
public interface IOutboxSignal
{
    void Notify(IReadOnlyList<OutboxMessage> committed);
}
