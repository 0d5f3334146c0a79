using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>BackpressureAndQuietHoursTests: bulk producers wait for room; bulk SMS waits for morning while replies go at once.</summary>
public sealed class BackpressureAndQuietHoursTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static OutboxMessage Bulk(string channel, int i, DateTimeOffset now) =>
        Messages.Of(channel, channel + ":" + i, "bulk " + i, OutboxPriority.Bulk, now, contactId: i);

    [Fact]
    public async Task BulkProducerWaitsWhileTheBacklogIsAtItsLimit()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var options = DeliveryRig.ExactOptions();
        options.BulkBacklogLimit = 5;
        options.Channels["test"] = new ChannelRateOptions { Rate = 1, Burst = 1 };
        var sender = new FakeSender("test", time);
        await using var rig = new DeliveryRig(_folder.File("outbox.db"), options, time, [sender]);
        await rig.Bulk.EnqueueBulkAsync([.. Enumerable.Range(1, 5).Select(i => Bulk("test", i, time.GetUtcNow()))], CancellationToken.None);

        var waiting = rig.Bulk.WaitForBulkCapacityAsync("test", CancellationToken.None);
        var enqueue = rig.Bulk.EnqueueBulkAsync([Bulk("test", 6, time.GetUtcNow())], CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        Assert.False(enqueue.IsCompleted);
        Assert.Equal(5, rig.Read(s => s.Outbox.Count()));

        await rig.StartAsync();
        await rig.Within(waiting, "bulk capacity once a message is taken");
        await rig.Within(enqueue, "the waiting producer's batch");
        Assert.Equal(6, rig.Read(s => s.Outbox.Count()));
    }

    [Fact]
    public async Task BulkSmsIsHeldThroughCairoNightAndReleasedInOrderWhileRepliesGoAtOnce()
    {
        // 23:00 in Cairo on 10 January (UTC+2).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 21, 0, 0, TimeSpan.Zero));
        var options = new DeliveryOptions { RetryJitter = 0 };
        var sender = new FakeSender("sms", time);
        await using var rig = new DeliveryRig(_folder.File("outbox.db"), options, time, [sender]);
        var bulk = await rig.AddAsync([.. Enumerable.Range(1, 3).Select(i => Bulk("sms", i, time.GetUtcNow()))]);
        await rig.StartAsync();

        var reply = (await rig.AddAsync(Messages.Of("sms", "tel:+201001234567", "تمام", OutboxPriority.Reply, time.GetUtcNow(), contactId: 99)))[0];
        await DeliveryRig.Eventually(() => sender.Count == 1, "the reply");
        Assert.Equal(reply.Id, sender.Calls[0].Id);

        time.SetUtcNow(new DateTimeOffset(2026, 1, 11, 5, 59, 0, TimeSpan.Zero));
        await Task.Delay(200);
        Assert.Equal(1, sender.Count);

        time.SetUtcNow(new DateTimeOffset(2026, 1, 11, 6, 0, 0, TimeSpan.Zero));
        await DeliveryRig.Eventually(() => sender.Count == 4, "bulk released at 08:00 Cairo");
        Assert.Equal(bulk.Select(m => m.Id), sender.Calls.Skip(1).Select(c => c.Id));
    }
}
