using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>IDeliveryCrashHook: lets a test stop a dispatcher between a provider call and the durable outcome, as a crash would.</summary>
/// <remarks>Not registered in production; a dispatcher without one goes straight on.</remarks>
public interface IDeliveryCrashHook
{
    /// <summary>AfterSendAsync runs after the provider answered a batch and before its outcome is written; a crash never returns.</summary>
    Task AfterSendAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken);
}
