using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Tests.Support;

/// <summary>Test shorthands over one outbox transaction.</summary>
public static class OutboxChangesExtensions
{
    /// <summary>InsertAll inserts the messages and returns them with their ids.</summary>
    public static IReadOnlyList<OutboxMessage> InsertAll(this IOutboxChanges changes, IReadOnlyList<OutboxMessage> messages)
    {
        foreach (var message in messages) changes.Insert(message);
        return messages;
    }
}
