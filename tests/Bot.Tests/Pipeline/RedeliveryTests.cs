using Microsoft.Extensions.Logging.Abstractions;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Pipeline;

/// <summary>RedeliveryTests: a provider redelivers a message whose handling failed after its write; its stored replies must still go out.</summary>
public sealed class RedeliveryTests
{
    [Fact]
    public async Task ARedeliveryHandsDeliveryTheRepliesItsFirstHandlingStoredButNeverHandedOver()
    {
        using var h = new PipelineHarness(new ScriptedEngine());
        // The first handling stored the message and its reply, then failed before delivery heard of it (the write's
        // fsync failed after LiteDB committed, or a signal threw): the channel did not acknowledge, so the provider redelivers.
        var first = await h.Pipeline.HandleAsync(h.Message("amal", "hello", id: "m-1"), default);
        Assert.False(first.Duplicate);

        var delivery = new RecordingSignal();
        var pipeline = h.NewPipeline(new ScriptedEngine(), [delivery]);
        var again = await pipeline.HandleAsync(h.Message("amal", "hello", id: "m-1"), default);

        Assert.True(again.Duplicate);
        var handed = Assert.Single(delivery.Notified);
        Assert.Equal("echo: hello", handed.Text);
        Assert.Equal(OutboxStatus.Queued, handed.Status);
        Assert.Equal(1, h.Read(s => s.Outbox.Count()));

        // Once sent, a further redelivery hands nothing over.
        await h.Writer.WriteAsync(s => { var m = s.Outbox.FindById(handed.Id); m.Status = OutboxStatus.Sent; s.Outbox.Update(m); });
        delivery.Notified.Clear();
        await pipeline.HandleAsync(h.Message("amal", "hello", id: "m-1"), default);
        Assert.Empty(delivery.Notified);
    }

    private sealed class RecordingSignal : IOutboxSignal
    {
        public List<OutboxMessage> Notified { get; } = [];
        public void Notify(IReadOnlyList<OutboxMessage> messages) => Notified.AddRange(messages);
    }
}
