namespace OutreachBot.Bot.Delivery;

/// <summary>MonotonicClock: instants taken from the TimeProvider's monotonic timestamp, for rate limits.</summary>
/// <remarks>A rate bucket on wall-clock time would hand out or take away tokens when the clock is stepped; FakeTimeProvider moves both together.</remarks>
public sealed class MonotonicClock(TimeProvider time)
{
    private readonly long _origin = time.GetTimestamp();
    private readonly DateTimeOffset _originWall = time.GetUtcNow();

    public DateTimeOffset Now => _originWall + time.GetElapsedTime(_origin);
}
