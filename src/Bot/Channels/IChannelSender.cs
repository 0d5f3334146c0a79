using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Channels;

/// <summary>IChannelSender: a channel's outbound half; sends one message and maps the provider's answer to a <see cref="SendResult"/>.</summary>
/// <remarks>A sender never retries, sleeps or decides policy: the delivery engine does.</remarks>
public interface IChannelSender
{
    /// <summary>Channel name this sender serves ("sim", "telegram", "sms", "whatsapp").</summary>
    string Channel { get; }

    /// <summary>SendAsync sends one outbox message once.</summary>
    Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
