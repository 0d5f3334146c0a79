using Microsoft.Extensions.Logging.Abstractions;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.LiteDb;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>OutcomeWriterTests: outcomes that come back while a settle write is in flight share the next write, and each gets its own settlement.</summary>
public sealed class OutcomeWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly LiteWriterRig _rig = new();

    public void Dispose() => _rig.Dispose();

    /// <summary>CountingOutbox is the real store, counting the writes it is asked for.</summary>
    private sealed class CountingOutbox(IOutboxStore inner) : ForwardingOutboxStore(inner)
    {
        private int _writes;
        public int Writes => Volatile.Read(ref _writes);

        public override Task<T> WriteAsync<T>(Func<IOutboxChanges, T> work)
        {
            Interlocked.Increment(ref _writes);
            return base.WriteAsync(work);
        }
    }

    private Task<List<OutboxMessage>> ClaimedAsync(int count) => _rig.Writer.WriteAsync(s =>
    {
        var claimed = new List<OutboxMessage>();
        for (var i = 0; i < count; i++)
        {
            var m = new OutboxMessage { Channel = "sim", Urn = "sim:" + i, Text = "m" + i, Status = OutboxStatus.Sending, Attempts = 1, CreatedAt = T0, NextAttemptAt = T0 };
            s.Outbox.Insert(m);
            claimed.Add(m);
        }
        return claimed;
    });

    [Fact]
    public async Task OutcomesThatComeBackDuringAWriteShareTheNextOne()
    {
        var claimed = await ClaimedAsync(5);
        var outbox = new CountingOutbox(new LiteOutboxStore(_rig.Writer));
        var writer = new OutcomeWriter(outbox, new OutcomeSettler(new RetryPolicy(new DeliveryOptions())));

        // Hold the storage thread so the first outcome's write stays in flight while the other four come back.
        var holding = new ManualResetEventSlim();
        var gate = new ManualResetEventSlim();
        var blocker = _rig.Writer.WriteAsync(_ => { holding.Set(); gate.Wait(TimeSpan.FromSeconds(10)); });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        var settled = claimed.Select((m, i) => writer.SettleAsync(new Outcome(m, i == 3
            ? new SendResult.TransientFailure("timeout") : new SendResult.Sent("p" + i), T0))).ToList();
        Assert.Equal(1, outbox.Writes);
        gate.Set();
        await blocker;
        var settlements = await Task.WhenAll(settled);

        Assert.Equal(2, outbox.Writes);
        for (var i = 0; i < 5; i++)
        {
            if (i == 3) Assert.Equal([claimed[3].Id], settlements[i].Requeued.Select(m => m.Id));
            else Assert.Equal([claimed[i].Id], settlements[i].Sent.Select(m => m.Id));
        }
        var stored = await _rig.Writer.ReadAsync(s => s.Outbox.FindAll().OrderBy(m => m.Id).Select(m => (m.Status, m.ProviderId)).ToList());
        Assert.Equal([(OutboxStatus.Sent, "p0"), (OutboxStatus.Sent, "p1"), (OutboxStatus.Sent, "p2"), (OutboxStatus.Queued, null), (OutboxStatus.Sent, "p4")], stored);
    }

    [Fact]
    public async Task AQuietChannelWritesEachOutcomeAtOnce()
    {
        var claimed = await ClaimedAsync(2);
        var outbox = new CountingOutbox(new LiteOutboxStore(_rig.Writer));
        var writer = new OutcomeWriter(outbox, new OutcomeSettler(new RetryPolicy(new DeliveryOptions())));
        Assert.Single((await writer.SettleAsync(new Outcome(claimed[0], new SendResult.Sent("a"), T0))).Sent);
        Assert.Single((await writer.SettleAsync(new Outcome(claimed[1], new SendResult.Sent("b"), T0))).Sent);
        Assert.Equal(2, outbox.Writes);
    }
}
