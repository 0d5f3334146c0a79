using OutreachBot.Bot.Delivery;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>TokenBucketTests: refill from given instants, pauses, SMS segment costs and per-recipient limits.</summary>
public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EmptyBucketRefillsAtItsRate()
    {
        var bucket = new TokenBucket(10, 2, T0);
        bucket.Take(2, T0);

        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.WaitFor(1, T0));
        Assert.Equal(TimeSpan.Zero, bucket.WaitFor(1, T0.AddMilliseconds(100)));
    }

    [Fact]
    public void PausedBucketGivesNothingUntilThePauseEndsThenOneMessageThenRefillsFromThere()
    {
        var bucket = new TokenBucket(10, 10, T0);
        bucket.PauseUntil(T0.AddSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), bucket.WaitFor(1, T0));
        Assert.Equal(TimeSpan.FromMilliseconds(1), bucket.WaitFor(1, T0.AddSeconds(7).AddMilliseconds(-1)));
        Assert.Equal(TimeSpan.Zero, bucket.WaitFor(1, T0.AddSeconds(7)));
        bucket.Take(1, T0.AddSeconds(7));
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.WaitFor(1, T0.AddSeconds(7)));
        Assert.Equal(TimeSpan.Zero, bucket.WaitFor(1, T0.AddMilliseconds(7100)));
    }

    [Fact]
    public void ThreePartArabicSmsCostsThreeUnits()
    {
        var throttle = new ChannelThrottle(new ChannelRateOptions { Rate = 3, Burst = 3, CountSmsSegments = true }, T0);
        var arabic = new OutboxMessage { Urn = "tel:+201001234567", Text = new string('ب', 150) };

        Assert.Equal(3, throttle.CostOf(arabic));
        Assert.True(throttle.TryAcquire(arabic, T0).Allowed);
        var next = throttle.TryAcquire(arabic, T0);
        Assert.False(next.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(1), next.Wait);
    }

    [Fact]
    public void SecondMessageToTheSameChatWaitsOneSecondWhileOtherChatsGo()
    {
        var throttle = new ChannelThrottle(new ChannelRateOptions { Rate = 30, Burst = 30, PerRecipientRate = 1 }, T0);
        var a = new OutboxMessage { Urn = "telegram:1", Text = "x" };
        var b = new OutboxMessage { Urn = "telegram:2", Text = "x" };

        Assert.True(throttle.TryAcquire(a, T0).Allowed);
        var again = throttle.TryAcquire(a, T0);
        Assert.True(again.RecipientOnly);
        Assert.Equal(TimeSpan.FromSeconds(1), again.Wait);
        Assert.True(throttle.TryAcquire(b, T0).Allowed);
        Assert.True(throttle.TryAcquire(a, T0.AddSeconds(1)).Allowed);
    }

    [Fact]
    public void AThrottleStartedEmptyEarnsItsBurstAndEachChatsFirstSlotFromItsStart()
    {
        var throttle = new ChannelThrottle(new ChannelRateOptions { Rate = 10, Burst = 5, PerRecipientRate = 1 }, T0, startEmpty: true);
        var a = new OutboxMessage { Urn = "telegram:1", Text = "x" };
        var b = new OutboxMessage { Urn = "telegram:2", Text = "x" };

        var first = throttle.TryAcquire(a, T0);
        Assert.False(first.RecipientOnly);
        Assert.Equal(TimeSpan.FromMilliseconds(100), first.Wait);
        var chat = throttle.TryAcquire(a, T0.AddMilliseconds(500));
        Assert.True(chat.RecipientOnly);
        Assert.Equal(TimeSpan.FromMilliseconds(500), chat.Wait);
        Assert.True(throttle.TryAcquire(a, T0.AddSeconds(1)).Allowed);
        // Seen for the first time a second or more after the start: no wait of its own.
        Assert.True(throttle.TryAcquire(b, T0.AddSeconds(1)).Allowed);
        Assert.Equal(TimeSpan.Zero, throttle.TryAcquire(new OutboxMessage { Urn = "telegram:3", Text = "x" }, T0.AddSeconds(1)).Wait);
    }
}

/// <summary>SendGateTests: provider calls keep the rate when they start, whatever the claim commits did.</summary>
public sealed class SendGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CallsBookedTogetherGoAfterTheBurstOneSlotApart()
    {
        var gate = new SendGate(new ChannelRateOptions { Rate = 10, Burst = 3 });

        var waits = Enumerable.Range(0, 5).Select(_ => gate.Reserve(1, T0)).ToList();

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], waits);
        Assert.Equal(TimeSpan.FromMilliseconds(300), gate.Backlog(T0));
    }

    [Fact]
    public void PausedGateHoldsEveryCallUntilRetryAfter()
    {
        var gate = new SendGate(new ChannelRateOptions { Rate = 10, Burst = 3 });
        gate.PauseUntil(T0.AddSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), gate.Reserve(1, T0));
        Assert.Equal(TimeSpan.FromSeconds(5.1), gate.Reserve(1, T0));
    }

    [Fact]
    public void ABurstKeepsTheArrivalJitterInHand()
    {
        // Burst 5 at 10/s is 0.4 s of tolerance; keeping 0.25 s of it leaves two calls at once, then one each 100 ms.
        var gate = new SendGate(new ChannelRateOptions { Rate = 10, Burst = 5 }, TimeSpan.FromMilliseconds(250));

        var waits = Enumerable.Range(0, 4).Select(_ => gate.Reserve(1, T0)).ToList();

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(150)], waits);
    }

    [Fact]
    public void ThreeSegmentSmsTakesThreeSlots()
    {
        var gate = new SendGate(new ChannelRateOptions { Rate = 10, Burst = 1 });

        gate.Reserve(3, T0);

        Assert.Equal(TimeSpan.FromMilliseconds(300), gate.Reserve(1, T0));
    }
}
