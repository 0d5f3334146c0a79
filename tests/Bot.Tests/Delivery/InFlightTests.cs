using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>InFlightTests: each message is settled when its own call returns, and a lapsed claim is resent while the service runs, but never one still in flight.</summary>
public sealed class InFlightTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _folder.Dispose();

    private DeliveryRig Rig(IChannelSender sender)
    {
        var options = DeliveryRig.ExactOptions();
        // Fast enough that one claim takes several messages (a claim plans no more than 50 ms of sends ahead).
        options.Channels["test"] = new ChannelRateOptions { Rate = 1000, Burst = 1000 };
        return new DeliveryRig(_folder.File("outbox.db"), options, _time, [sender]);
    }

    private static OutboxMessage Bulk(int i) => Messages.Of("test", "test:" + i, "m" + i, OutboxPriority.Bulk, Start, contactId: i);

    [Fact]
    public async Task AMessageIsSettledWhenItsOwnCallReturnsNotWhenItsBatchDoes()
    {
        var sender = new HoldingSender("test", m => m.Text == "m1");
        await using var rig = Rig(sender);
        var messages = await rig.AddAsync([.. Enumerable.Range(1, 4).Select(Bulk)]);
        await rig.StartAsync();
        await sender.WaitForHeldCallAsync();

        await DeliveryRig.Eventually(() => messages.Skip(1).All(m => rig.Load(m.Id).Status == OutboxStatus.Sent), "the three answered calls settled");
        Assert.Equal(OutboxStatus.Sending, rig.Load(messages[0].Id).Status);

        sender.Release(new SendResult.Sent("p-late"));
        await DeliveryRig.Eventually(() => rig.Load(messages[0].Id).Status == OutboxStatus.Sent, "the held call settled");
        Assert.Equal("p-late", rig.Load(messages[0].Id).ProviderId);
    }

    [Fact]
    public async Task ALeaseThatRunsOutDuringASlowCallNeitherResendsNorDoubleSettlesTheMessage()
    {
        var sender = new HoldingSender("test", m => m.Text == "m1");
        await using var rig = Rig(sender);
        var message = (await rig.AddAsync(Bulk(1)))[0];
        await rig.StartAsync();
        await sender.WaitForHeldCallAsync();
        var claimedUntil = rig.Load(message.Id).LeaseUntil!.Value;

        _time.Advance(rig.Parts.Options.LeaseTime + TimeSpan.FromMinutes(1));
        Assert.True(_time.GetUtcNow() > claimedUntil);
        var sweeper = new LeaseSweeper(rig.Queues, rig.Outbox, rig.Parts, NullLogger.Instance);
        Assert.Equal(0, await sweeper.SweepAsync());
        Assert.Equal(OutboxStatus.Sending, rig.Load(message.Id).Status);

        sender.Release(new SendResult.Sent("p-slow"));
        await DeliveryRig.Eventually(() => rig.Load(message.Id).Status == OutboxStatus.Sent, "the slow call settled");
        Assert.Equal(0, await sweeper.SweepAsync());
        Assert.Equal([message.Id], sender.Calls);
        Assert.Equal(("p-slow", 1), (rig.Load(message.Id).ProviderId, rig.Load(message.Id).Attempts));
        Assert.Contains("outbox_possible_duplicates_total 0", rig.MetricsText());
    }

    /// <summary>LoseFirstOutcome: the first outcome's write never happens, as when the store fails right after the provider call.</summary>
    private sealed class LoseFirstOutcome : IDeliveryCrashHook
    {
        private int _calls;

        public Task AfterSendAsync(OutboxMessage message, SendResult result, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1 ? Task.FromException(new IOException("disk full")) : Task.CompletedTask;
    }

    [Fact]
    public async Task AClaimWhoseOutcomeWasLostIsResentWhileTheServiceRunsAndCountedAsAPossibleDuplicate()
    {
        var sender = new FakeSender("test", _time);
        var options = DeliveryRig.ExactOptions();
        await using var rig = new DeliveryRig(_folder.File("outbox.db"), options, _time, [sender], new LoseFirstOutcome());
        var message = (await rig.AddAsync(Bulk(1)))[0];
        await rig.StartAsync();
        await DeliveryRig.Eventually(() => sender.Count == 1, "the first call");
        var leaseEnd = rig.Load(message.Id).LeaseUntil!.Value;

        await DeliveryRig.AdvanceUntil(_time, TimeSpan.FromSeconds(5), () => rig.Load(message.Id).Status == OutboxStatus.Sent, "resent and settled", maxSteps: 100);

        Assert.Equal(2, sender.Count);
        Assert.True(sender.Calls[1].At >= leaseEnd, $"resent at {sender.Calls[1].At:O}, before its lease ended at {leaseEnd:O}");
        Assert.Contains("outbox_possible_duplicates_total 1", rig.MetricsText());
    }

    [Fact]
    public async Task AnOutcomeForAClaimThatNoLongerHoldsChangesNothing()
    {
        await using var rig = Rig(new FakeSender("test", _time));
        var claimed = (await rig.AddAsync(Bulk(1)))[0];
        claimed.Status = OutboxStatus.Sending;
        claimed.Attempts = 1;
        claimed.LeaseUntil = Start.AddMinutes(2);
        await rig.Writer.WriteAsync(s => s.Outbox.Update(claimed));
        // Requeued after its lease and claimed again: attempt 2, a new lease.
        await rig.Writer.WriteAsync(s => s.Outbox.Update(new OutboxMessage
        {
            Id = claimed.Id, ContactId = claimed.ContactId, Channel = "test", Urn = claimed.Urn, Text = claimed.Text, Priority = claimed.Priority,
            Status = OutboxStatus.Sending, Attempts = 2, LeaseUntil = Start.AddMinutes(5), CreatedAt = Start, NextAttemptAt = Start.AddMinutes(3),
        }));

        var settlement = await rig.Outbox.WriteAsync(changes => rig.Parts.Settler.Settle(changes, new Outcome(claimed, new SendResult.Sent("p-old"), Start.AddMinutes(4))));

        Assert.Equal([claimed.Id], settlement.Lost.Select(m => m.Id));
        Assert.Empty(settlement.Sent);
        var stored = rig.Load(claimed.Id);
        Assert.Equal((OutboxStatus.Sending, 2, Start.AddMinutes(5), (string?)null), (stored.Status, stored.Attempts, stored.LeaseUntil, stored.ProviderId));
    }
}
