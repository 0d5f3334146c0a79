using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>CrashRecoveryTests: a worker killed between the provider call and the outcome loses nothing, and counts what may arrive twice.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    /// <summary>HangAfterFirstBatch never lets the first sent batch reach its outcome write, as if the process died there.</summary>
    private sealed class HangAfterFirstBatch : IDeliveryCrashHook
    {
        private int _batches;
        public TaskCompletionSource<int> Hung { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task AfterSendAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _batches) != 1) return Task.CompletedTask;
            Hung.TrySetResult(batch.Count);
            return new TaskCompletionSource().Task;
        }
    }

    [Fact]
    public async Task WorkerKilledBetweenClaimAndOutcomeLosesNothingAndCountsPossibleDuplicates()
    {
        var path = _folder.File("outbox.db");
        var options = DeliveryRig.ExactOptions();
        options.Channels["test"] = new ChannelRateOptions { Rate = 5, Burst = 5 };
        var sender = new FakeSender("test", _time);
        var hook = new HangAfterFirstBatch();
        long[] ids;

        var first = new DeliveryRig(path, options, _time, [sender], hook);
        ids = [.. (await first.AddAsync([.. Enumerable.Range(1, 12).Select(i =>
            Messages.Of("test", "test:" + i, "m" + i, OutboxPriority.Bulk, _time.GetUtcNow(), contactId: i))])).Select(m => m.Id)];
        await first.StartAsync();
        var inFlight = await hook.Hung.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await DeliveryRig.Eventually(() => sender.Count >= 5, "the first second's burst");
        _time.Advance(TimeSpan.FromSeconds(1));
        await DeliveryRig.Eventually(() => sender.Count >= 10, "the next second's sends");
        await Task.Delay(100);
        first.Crash();
        var sentBeforeCrash = sender.Count;

        await using var second = new DeliveryRig(path, options, _time, [sender]);
        await second.StartAsync();
        Assert.Contains($"outbox_possible_duplicates_total {inFlight}", second.MetricsText());
        await DeliveryRig.AdvanceUntil(_time, TimeSpan.FromSeconds(1),
            () => ids.All(id => second.Load(id).Status == OutboxStatus.Sent), "every message sent", maxSteps: 600);

        var perId = sender.Calls.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ids.Order(), perId.Keys.Order());
        var duplicated = perId.Count(p => p.Value > 1);
        Assert.Equal(inFlight, duplicated);
        Assert.All(perId.Values, count => Assert.InRange(count, 1, 2));
        Assert.Equal(12 + inFlight, sender.Count);
        Assert.True(sentBeforeCrash >= inFlight);
    }
}
