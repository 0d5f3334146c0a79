using OutreachBot.Bot.Channels;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>IDeliveryCrashHook: lets a test stop a dispatcher between a provider call and its durable outcome, as a crash would.</summary>
/// <remarks>Not registered in production; a dispatcher without one goes straight on.</remarks>
public interface IDeliveryCrashHook
{
    /// <summary>AfterSendAsync runs after the provider answered one message and before that outcome is written; a crash never returns.</summary>
    Task AfterSendAsync(OutboxMessage message, SendResult result, CancellationToken cancellationToken);
}
