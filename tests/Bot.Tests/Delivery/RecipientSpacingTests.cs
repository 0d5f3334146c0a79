using OutreachBot.Bot.Delivery;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>RecipientSpacing: calls to one recipient stay a whole gap apart from when each really left.</summary>
public sealed class RecipientSpacingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(1.05); // 1/s with its 5 % margin
    private readonly RecipientSpacing _spacing = new(perSecond: 1);

    [Fact]
    public void TheSecondCallToARecipientWaitsAGapAndAnotherRecipientDoesNot()
    {
        Assert.Equal(TimeSpan.Zero, _spacing.Reserve("telegram:1", T0));
        Assert.Equal(Gap, _spacing.Reserve("telegram:1", T0));
        Assert.Equal(TimeSpan.Zero, _spacing.Reserve("telegram:2", T0));
    }

    [Fact]
    public void ACallThatLeftLateMovesTheRecipientsNextSlotAGapAfterIt()
    {
        Assert.Equal(TimeSpan.Zero, _spacing.Reserve("telegram:1", T0));
        // The sender's bucket held the call back 300 ms after its slot.
        _spacing.Started("telegram:1", T0.AddMilliseconds(300));

        Assert.Equal(TimeSpan.FromMilliseconds(300), _spacing.Reserve("telegram:1", T0 + Gap));
    }

    [Fact]
    public void ACallBookedBeforeThePreviousOneLeftLateWaitsForTheGapAfterItToo()
    {
        Assert.Equal(TimeSpan.Zero, _spacing.Reserve("telegram:1", T0));
        var wait = _spacing.Reserve("telegram:1", T0.AddMilliseconds(100)); // booked while the first still waits for the sender
        _spacing.Started("telegram:1", T0.AddMilliseconds(300));

        var slot = T0.AddMilliseconds(100) + wait;
        Assert.Equal(TimeSpan.FromMilliseconds(300), _spacing.AfterLastStart("telegram:1", slot));
        Assert.Equal(TimeSpan.Zero, _spacing.AfterLastStart("telegram:1", T0.AddMilliseconds(300) + Gap));
        Assert.Equal(TimeSpan.Zero, _spacing.AfterLastStart("telegram:2", slot));
    }
}
