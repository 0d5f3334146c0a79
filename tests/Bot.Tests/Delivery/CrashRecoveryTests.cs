using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>CrashRecoveryTests: a worker killed between provider calls and their outcomes loses nothing, resends only what was in flight, and counts it.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WorkerKilledBetweenSendsAndOutcomesLosesNothingResendsOnlyTheMessagesInFlightAndCountsThem()
    {
        var path = _folder.File("outbox.db");
        var options = DeliveryRig.ExactOptions();
        options.Channels["test"] = new ChannelRateOptions { Rate = 5, Burst = 5 };
        var sender = new FakeSender("test", _time);
        // Two messages of the first second's burst are in flight at the crash: their calls returned, their outcomes never written.
        var inFlight = new[] { "m2", "m4" };
        var hook = new HangBeforeOutcome(m => inFlight.Contains(m.Text));

        var first = new DeliveryRig(path, options, _time, [sender], hook);
        var ids = (await first.AddAsync([.. Enumerable.Range(1, 12).Select(i =>
            Messages.Of("test", "test:" + i, "m" + i, OutboxPriority.Bulk, _time.GetUtcNow(), contactId: i))])).Select(m => m.Id).ToArray();
        await first.StartAsync();
        await hook.WaitForHungAsync(inFlight.Length);
        await DeliveryRig.Eventually(() => sender.Count >= 5, "the first second's burst");
        _time.Advance(TimeSpan.FromSeconds(1));
        await DeliveryRig.Eventually(() => sender.Count >= 10, "the next second's sends");
        // Every call that returned, but the two held ones, is settled before the crash.
        var answered = sender.Calls.Select(c => c.Id).Where(id => !inFlight.Contains(first.Load(id).Text)).ToList();
        await DeliveryRig.Eventually(() => answered.All(id => first.Load(id).Status == OutboxStatus.Sent), "the answered calls settled");
        var heldIds = ids.Where(id => inFlight.Contains(first.Load(id).Text)).ToHashSet();
        Assert.All(heldIds, id => Assert.Equal(OutboxStatus.Sending, first.Load(id).Status));
        first.Crash();

        await using var second = new DeliveryRig(path, options, _time, [sender]);
        await second.StartAsync();
        Assert.Contains($"outbox_possible_duplicates_total {inFlight.Length}", second.MetricsText());
        await DeliveryRig.AdvanceUntil(_time, TimeSpan.FromSeconds(1),
            () => ids.All(id => second.Load(id).Status == OutboxStatus.Sent), "every message sent", maxSteps: 600);

        var perId = sender.Calls.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ids.Order(), perId.Keys.Order());
        Assert.Equal(heldIds.Order(), perId.Where(p => p.Value > 1).Select(p => p.Key).Order());
        Assert.All(heldIds, id => Assert.Equal(2, perId[id]));
        Assert.Equal(12 + inFlight.Length, sender.Count);
    }
}
