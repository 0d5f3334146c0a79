using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bench.Ceiling;

/// <summary>CeilingSample: what the pipeline really writes for each message of one sign-up, taken from a run on the service itself.</summary>
/// <remarks>
/// Each step holds the stored contact and session (as they end the sign-up: the largest they get, so the ceiling is if
/// anything a little low for the early steps), the inbound row and the replies as outbox rows, so the ceiling writes
/// documents of the same size and count as the pipeline, without the flow, the reads or the mapping.
/// </remarks>
public sealed record CeilingSample(Contact Contact, Session Session, IReadOnlyList<CeilingStep> Steps)
{
    /// <summary>Interleave: contacts written at the same time, as the pipeline bench drives them (its default --concurrency).</summary>
    public const int Interleave = 256;

    /// <summary>Of: the contact (from 1) and step of the ceiling's message <paramref name="message"/>.</summary>
    /// <remarks>
    /// In blocks of <see cref="Interleave"/> contacts that take their steps together, as the pipeline's contacts do, so the
    /// indexes see the same scattered keys (written contact after contact they would see neighbouring ones, which is cheaper).
    /// </remarks>
    public (long ContactId, int Step) Of(int message)
    {
        var perBlock = Interleave * Steps.Count;
        var (block, within) = (message / perBlock, message % perBlock);
        return (1 + (long)block * Interleave + within % Interleave, within / Interleave);
    }

    /// <summary>OutboxPerMessage: the average number of replies one message stores.</summary>
    public double OutboxPerMessage => Steps.Average(s => s.Outbox.Count);

    /// <summary>CaptureAsync signs one contact up through the running pipeline and keeps what each message stored.</summary>
    public static async Task<CeilingSample> CaptureAsync(IServiceProvider services, IReadOnlyList<string> script)
    {
        var pipeline = services.GetRequiredService<IInboundPipeline>();
        var time = services.GetRequiredService<TimeProvider>();
        const string urn = "sim:ceiling-sample";
        var steps = new List<CeilingStep>();
        for (var s = 0; s < script.Count; s++)
        {
            var message = new InboundMessage("sim", "ceiling-sample-" + s, urn, script[s], InboundKind.Text, ChannelTraits.Simulator, time.GetUtcNow());
            var result = await pipeline.HandleAsync(message, CancellationToken.None);
            var inbound = new InboundLogEntry
            {
                Id = InboundLogEntry.KeyOf(message.Channel, message.ProviderId), Channel = message.Channel, ProviderId = message.ProviderId,
                ContactId = result.ContactId, Urn = urn, Text = message.Text, Kind = message.Kind.ToString(), ReceivedAt = message.ReceivedAt,
            };
            var outbox = result.Replies.Select(reply => new OutboxMessage
            {
                ContactId = result.ContactId, Channel = reply.To?.Channel ?? "sim", Urn = reply.To?.Urn ?? urn, Text = reply.Text,
                Choices = [.. reply.ChoiceList], ChoicesPerRow = reply.ChoicesPerRow, Keyboard = reply.Keyboard, Purpose = reply.Purpose,
                Priority = OutboxPriority.Reply, Status = OutboxStatus.Queued, CreatedAt = message.ReceivedAt, NextAttemptAt = message.ReceivedAt,
                InReplyTo = inbound.Id, InboundReceivedAt = message.ReceivedAt,
            }).ToList();
            steps.Add(new CeilingStep(inbound, outbox));
        }
        var snapshot = await services.GetRequiredService<IConversationStore>().LoadAsync(urn);
        return new CeilingSample(snapshot.Contact!, snapshot.Session!, steps);
    }
}

/// <summary>CeilingStep: the inbound row of one message and the outbox rows of its replies.</summary>
public sealed record CeilingStep(InboundLogEntry Inbound, IReadOnlyList<OutboxMessage> Outbox);

/// <summary>CeilingResult: how fast a store took the pipeline's writes, written straight to it in batches of <paramref name="Batch"/>.</summary>
public sealed record CeilingResult(int Batch, int Messages, TimeSpan Elapsed, int Writers)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"ceiling, {Batch} message(s) per transaction, {Writers} writer(s): {Messages} messages in {Elapsed.TotalSeconds:F2} s = {PerSecond:F0} msg/s";
}
