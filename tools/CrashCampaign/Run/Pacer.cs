namespace OutreachBot.CrashCampaign.Run;

/// <summary>Pacer: spaces requests to a steady rate over all workers, so the data file grows with the campaign's length, not with the machine's speed.</summary>
public sealed class Pacer(double perSecond)
{
    private readonly Lock _gate = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _next;

    /// <summary>WaitTurnAsync returns at this caller's slot; at once when the rate is 0 (unpaced).</summary>
    public Task WaitTurnAsync()
    {
        if (perSecond <= 0) return Task.CompletedTask;
        TimeSpan wait;
        lock (_gate)
        {
            var now = _clock.Elapsed;
            // A caller that was away (the service was down) does not earn a burst for the time it missed.
            if (_next < now) _next = now;
            wait = _next - now;
            _next += TimeSpan.FromSeconds(1 / perSecond);
        }
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }
}
