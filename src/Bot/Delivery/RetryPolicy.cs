namespace OutreachBot.Bot.Delivery;

/// <summary>RetryPolicy: when a message that failed transiently is tried again, or that it is given up.</summary>
public sealed class RetryPolicy
{
    private readonly IReadOnlyList<TimeSpan> _schedule;
    private readonly double _jitter;
    private readonly Func<double> _random;

    /// <param name="random">Uniform [0, 1) source for the jitter; tests pass a fixed one.</param>
    public RetryPolicy(DeliveryOptions options, Func<double>? random = null)
    {
        _schedule = options.EffectiveRetrySchedule;
        _jitter = options.RetryJitter;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Attempts a message gets in all: the first plus one per scheduled wait.</summary>
    public int MaxAttempts => _schedule.Count + 1;

    /// <summary>NextAttempt returns when to try again after attempt number <paramref name="attempts"/> failed, or null to give up.</summary>
    public DateTimeOffset? NextAttempt(int attempts, DateTimeOffset now)
    {
        if (attempts < 1 || attempts >= MaxAttempts) return null;
        var wait = _schedule[attempts - 1];
        var factor = 1 + _jitter * (2 * _random() - 1);
        return now + TimeSpan.FromTicks((long)(wait.Ticks * factor));
    }
}
