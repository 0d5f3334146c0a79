using Microsoft.Extensions.Logging.Abstractions;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>SettleRetryTests: settling runs again when its group commit fails, and must come out the same the second time.</summary>
public sealed class SettleRetryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly LiteWriterRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task AThrottledMessageGivesBackOneAttemptEvenWhenItsGroupCommitIsRetried()
    {
        var claimed = await _rig.Writer.WriteAsync(s =>
        {
            var m = new OutboxMessage { Channel = "sim", Urn = "sim:a", Text = "x", Status = OutboxStatus.Sending, Attempts = 2, CreatedAt = T0, NextAttemptAt = T0 };
            s.Outbox.Insert(m);
            return m;
        });
        var settler = new OutcomeSettler(new RetryPolicy(new DeliveryOptions()));

        // Hold the storage thread, once it is inside a write, so the settle and a failing write land in the next group commit, which fails.
        var holding = new ManualResetEventSlim();
        var gate = new ManualResetEventSlim();
        var blocker = _rig.Writer.WriteAsync(_ => { holding.Set(); gate.Wait(TimeSpan.FromSeconds(10)); });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        var settle = new OutreachBot.Storage.LiteDb.LiteOutboxStore(_rig.Writer).WriteAsync(changes => settler.Settle(changes, new Outcome(claimed, new SendResult.Throttled(TimeSpan.FromSeconds(5)), T0)));
        var bad = _rig.Writer.WriteAsync(_ => throw new InvalidOperationException("a faulty write"));
        gate.Set();
        await blocker;
        await settle;
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);

        var stored = await _rig.Writer.ReadAsync(s => s.Outbox.FindById(claimed.Id));
        Assert.Equal(OutboxStatus.Queued, stored.Status);
        Assert.Equal(1, stored.Attempts);
    }
}
