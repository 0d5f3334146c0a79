using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>LoopbackProviderTests: against a real HTTP provider that throttles, fails and stalls, every message ends sent or failed with a reason, none twice.</summary>
/// <remarks>Kestrel and HttpClient run on real time, so the retry schedule is shortened to keep the test fast.</remarks>
public sealed class LoopbackProviderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static DeliveryOptions FastOptions(double rate)
    {
        var options = DeliveryRig.ExactOptions();
        options.Channels["loop"] = new ChannelRateOptions { Rate = rate, Burst = rate };
        options.RetrySchedule = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)];
        // Long enough that a prompt answer is never timed out on a busy 2-core machine (a timed-out call that the
        // provider did accept is retried and legitimately accepted twice), short against the stalls below.
        options.SendTimeout = TimeSpan.FromSeconds(2);
        options.LeaseTime = TimeSpan.FromSeconds(5);
        return options;
    }

    private static async Task<(IReadOnlyList<OutboxMessage> Messages, DeliveryRig Rig)> RunAsync(string path, LoopbackProvider provider, DeliveryOptions options, int count)
    {
        var http = new HttpClient { BaseAddress = provider.BaseAddress };
        var rig = new DeliveryRig(path, options, TimeProvider.System, [new LoopbackSender("loop", http)]);
        var now = TimeProvider.System.GetUtcNow();
        var messages = await rig.AddAsync([.. Enumerable.Range(1, count).Select(i =>
            Messages.Of("loop", "loop:" + (i % 7), "m" + i, i % 5 == 0 ? OutboxPriority.Reply : OutboxPriority.Bulk, now, contactId: i))]);
        await rig.StartAsync();
        await DeliveryRig.Eventually(() => messages.All(m => rig.Load(m.Id).Status is OutboxStatus.Sent or OutboxStatus.Failed), "all settled", 30_000);
        return (messages, rig);
    }

    [Fact]
    public async Task ProviderThrottlingIsHonouredAndEveryMessageIsSentOnce()
    {
        await using var provider = new LoopbackProvider(ratePerSecond: 20);
        var (messages, rig) = await RunAsync(_folder.File("outbox.db"), provider, FastOptions(rate: 60), count: 60);
        await using var _ = rig;

        Assert.True(provider.Throttled > 0, "the provider should have throttled a sender set too fast");
        Assert.All(messages, m => Assert.Equal(OutboxStatus.Sent, rig.Load(m.Id).Status));
        Assert.All(messages, m => Assert.Equal(1, provider.Accepted[m.Id.ToString()]));
        Assert.Contains("outbox_throttled_total{channel=\"loop\"}", rig.MetricsText());
    }

    [Fact]
    public async Task FailingAndStallingProviderLeavesEveryMessageSentOnceOrFailedWithAReason()
    {
        await using var provider = new LoopbackProvider(failEvery: 3, stallEvery: 7, stall: TimeSpan.FromSeconds(3));
        var (messages, rig) = await RunAsync(_folder.File("outbox.db"), provider, FastOptions(rate: 100), count: 50);
        await using var _ = rig;

        foreach (var message in messages.Select(m => rig.Load(m.Id)))
        {
            if (message.Status == OutboxStatus.Sent)
                Assert.Equal(1, provider.Accepted[message.Id.ToString()]);
            else
            {
                Assert.False(provider.Accepted.ContainsKey(message.Id.ToString()));
                Assert.False(string.IsNullOrEmpty(message.Error));
            }
        }
        Assert.Contains(messages, m => rig.Load(m.Id).Attempts > 1);
        Assert.True(messages.Count(m => rig.Load(m.Id).Status == OutboxStatus.Sent) >= 40);
    }
}
