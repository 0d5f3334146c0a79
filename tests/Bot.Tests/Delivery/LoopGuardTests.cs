using OutreachBot.Bot.Delivery;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>LoopGuardTests: identical messages to one contact are counted when they go, within a sliding window.</summary>
public sealed class LoopGuardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TwentyFirstIdenticalMessageWithinFiveMinutesIsRefusedUntilTheWindowSlides()
    {
        var guard = new LoopGuard(new LoopGuardOptions());
        for (var id = 1; id <= 20; id++)
        {
            Assert.True(guard.Allows(id, 7, "hi", T0.AddSeconds(id)));
            guard.Record(id, 7, "hi", T0.AddSeconds(id));
        }

        Assert.False(guard.Allows(21, 7, "hi", T0.AddMinutes(1)));
        Assert.True(guard.Allows(5, 7, "hi", T0.AddMinutes(1)));
        Assert.True(guard.Allows(21, 7, "another text", T0.AddMinutes(1)));
        Assert.True(guard.Allows(21, 8, "hi", T0.AddMinutes(1)));
        Assert.True(guard.Allows(21, 7, "hi", T0.AddMinutes(5).AddSeconds(1)));
    }

    [Fact]
    public void MessagesOnlyLookedAtAreNotCounted()
    {
        var guard = new LoopGuard(new LoopGuardOptions());
        for (var id = 1; id <= 100; id++) Assert.True(guard.Allows(id, 7, "hi", T0));
    }
}
