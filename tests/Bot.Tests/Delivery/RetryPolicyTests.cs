using OutreachBot.Bot.Delivery;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>RetryPolicyTests: the backoff schedule, its jitter and when a message is given up.</summary>
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TransientFailuresWaitThirtySecondsTwoMinutesTenMinutesThenAnHour()
    {
        var policy = new RetryPolicy(new DeliveryOptions { RetryJitter = 0 });

        Assert.Equal(Now.AddSeconds(30), policy.NextAttempt(1, Now));
        Assert.Equal(Now.AddMinutes(2), policy.NextAttempt(2, Now));
        Assert.Equal(Now.AddMinutes(10), policy.NextAttempt(3, Now));
        Assert.Equal(Now.AddHours(1), policy.NextAttempt(4, Now));
    }

    [Fact]
    public void MessageIsGivenUpAfterTheLastScheduledAttempt()
    {
        var policy = new RetryPolicy(new DeliveryOptions());

        Assert.Equal(5, policy.MaxAttempts);
        Assert.Null(policy.NextAttempt(5, Now));
    }

    [Theory]
    [InlineData(0.0, 27)]
    [InlineData(0.5, 30)]
    [InlineData(0.999999, 33)]
    public void JitterSpreadsEachWaitByTenPercentEitherWay(double random, int expectedSeconds)
    {
        var policy = new RetryPolicy(new DeliveryOptions { RetryJitter = 0.1 }, () => random);

        var next = policy.NextAttempt(1, Now)!.Value;

        Assert.Equal(expectedSeconds, (next - Now).TotalSeconds, precision: 0);
    }

    [Fact]
    public void ConfiguredScheduleReplacesTheDefaultInsteadOfAddingToIt()
    {
        var policy = new RetryPolicy(new DeliveryOptions { RetryJitter = 0, RetrySchedule = [TimeSpan.FromSeconds(5)] });

        Assert.Equal(2, policy.MaxAttempts);
        Assert.Equal(Now.AddSeconds(5), policy.NextAttempt(1, Now));
        Assert.Null(policy.NextAttempt(2, Now));
    }
}
