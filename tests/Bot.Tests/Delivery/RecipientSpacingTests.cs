using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Delivery;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>RecipientSpacing: calls to one recipient leave in booking order, a whole gap after the previous one really left.</summary>
public sealed class RecipientSpacingTests
{
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(1.05); // 1/s with its 5 % margin
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly RecipientSpacing _spacing = new(perSecond: 1);

    private DateTimeOffset Now() => _time.GetUtcNow();

    [Fact]
    public async Task TheFirstCallGoesAtOnceAndTheNextWaitsAGapAfterItLeft()
    {
        using var first = _spacing.Enter("telegram:1", Now());
        await first.WaitAsync(Now, _time);
        // Held back 300 ms by the sender's bucket after its turn came.
        _time.Advance(TimeSpan.FromMilliseconds(300));
        first.Left(Now());

        using var second = _spacing.Enter("telegram:1", Now());
        var waiting = second.WaitAsync(Now, _time);
        _time.Advance(Gap - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted, "the second call would leave less than a gap after the first really left");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ACallBookedLaterNeverLeavesBeforeOneBookedEarlierWhateverTheirWaits()
    {
        using var first = _spacing.Enter("telegram:1", Now());
        using var second = _spacing.Enter("telegram:1", Now());
        var secondWaiting = second.WaitAsync(Now, _time);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(secondWaiting.IsCompleted, "the second call went before the first left");
        first.Left(Now());
        _time.Advance(Gap);
        await secondWaiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ACallThatNeverLeftLetsTheNextGoAtOnceAndOtherRecipientsNeverWait()
    {
        var abandoned = _spacing.Enter("telegram:1", Now());
        using var next = _spacing.Enter("telegram:1", Now());
        using var other = _spacing.Enter("telegram:2", Now());
        await other.WaitAsync(Now, _time).WaitAsync(TimeSpan.FromSeconds(5));

        abandoned.Dispose();
        await next.WaitAsync(Now, _time).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
