using OutreachBot.Bot.Channels;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Pipeline;

/// <summary>IInboundPipeline: takes a parsed inbound message through dedupe, ordering, the flows and one durable write.</summary>
public interface IInboundPipeline
{
    /// <summary>HandleAsync returns once the message, its effects and its replies are durable: only then may a channel acknowledge it.</summary>
    Task<PipelineResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken);
}

/// <summary>PipelineResult: what happened to one inbound message.</summary>
/// <param name="Duplicate">The same channel and provider id was handled before; nothing was done again.</param>
/// <param name="ContactId">Contact the message belongs to.</param>
/// <param name="Replies">Replies queued in the outbox (empty for a duplicate).</param>
public sealed record PipelineResult(bool Duplicate, long ContactId, IReadOnlyList<Reply> Replies);
