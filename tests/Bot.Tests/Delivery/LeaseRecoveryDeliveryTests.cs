using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>LeaseRecoveryDeliveryTests: a claim lost to a crash does not use up a retry, and a message that crashes every send stops after the cap.</summary>
public sealed class LeaseRecoveryDeliveryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    private static DeliveryOptions Options()
    {
        var options = DeliveryRig.ExactOptions();
        options.Channels["test"] = new ChannelRateOptions { Rate = 100, Burst = 100 };
        // Two attempts in all: one settled transient failure may be retried once, no more.
        options.RetrySchedule = [TimeSpan.FromSeconds(1)];
        return options;
    }

    /// <summary>CrashingLifeAsync runs one life of the process whose send of the message is in flight when it is killed.</summary>
    private async Task CrashingLifeAsync(string path, DeliveryOptions options, FakeSender sender, OutboxMessage? first = null)
    {
        var hook = new HangBeforeOutcome(_ => true);
        var life = new DeliveryRig(path, options, _time, [sender], hook);
        if (first is not null) await life.AddAsync(first);
        var calls = sender.Count;
        await life.StartAsync();
        // A recovered claim waits for the end of its lease before it goes again.
        await DeliveryRig.AdvanceUntil(_time, TimeSpan.FromSeconds(5), () => sender.Count > calls, "the send in flight");
        await hook.WaitForHungAsync(1);
        life.Crash();
    }

    [Fact]
    public async Task AClaimRecoveredAfterCrashesDoesNotUseUpTheRetrySchedule()
    {
        var path = _folder.File("retries.db");
        var options = Options();
        var crashing = new FakeSender("test", _time);
        var message = Messages.Of("test", "test:1", "تذكير", OutboxPriority.Bulk, _time.GetUtcNow());
        await CrashingLifeAsync(path, options, crashing, message);
        await CrashingLifeAsync(path, options, crashing);

        // The provider fails the next call transiently: after two lost claims that must still leave its one retry.
        var sender = new FakeSender("test", _time, (_, n) => n == 1 ? new SendResult.TransientFailure("HTTP 500") : new SendResult.Sent("p-1"));
        await using var last = new DeliveryRig(path, options, _time, [sender]);
        await last.StartAsync();
        await DeliveryRig.AdvanceUntil(_time, TimeSpan.FromSeconds(1),
            () => last.Load(message.Id).Status is OutboxStatus.Sent or OutboxStatus.Failed, "the message settled");

        var settled = last.Load(message.Id);
        Assert.Equal((OutboxStatus.Sent, null), (settled.Status, settled.ErrorCode));
        Assert.Equal((2, 2), (settled.Attempts, settled.Recoveries));
        Assert.Equal(2, sender.Count);
    }

    [Fact]
    public async Task AMessageWhoseSendCrashesTheProcessEveryTimeFailsOnceItsClaimLapsedMoreOftenThanTheCap()
    {
        var path = _folder.File("cap.db");
        var options = Options();
        options.MaxLeaseRecoveries = 2;
        var sender = new FakeSender("test", _time);
        var message = Messages.Of("test", "test:1", "تذكير", OutboxPriority.Bulk, _time.GetUtcNow());
        await CrashingLifeAsync(path, options, sender, message);
        for (var i = 0; i < options.MaxLeaseRecoveries; i++) await CrashingLifeAsync(path, options, sender);

        await using var last = new DeliveryRig(path, options, _time, [sender]);
        await last.StartAsync();
        _time.Advance(options.LeaseTime);

        var failed = last.Load(message.Id);
        Assert.Equal((OutboxStatus.Failed, "lease_recovered_too_often"), (failed.Status, failed.ErrorCode));
        Assert.Equal(options.MaxLeaseRecoveries, failed.Recoveries);
        Assert.Equal(1 + options.MaxLeaseRecoveries, sender.Count);
        var metrics = last.MetricsText();
        Assert.Contains("outbox_failed_total{channel=\"test\",code=\"lease_recovered_too_often\"} 1", metrics);
        Assert.Contains($"outbox_possible_duplicates_total {options.MaxLeaseRecoveries}", metrics);
    }
}
