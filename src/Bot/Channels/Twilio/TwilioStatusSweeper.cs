using Microsoft.Extensions.Options;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioStatusSweeper applies early status callbacks every half minute (see <see cref="TwilioStatusUpdater.SweepAsync"/>).</summary>
public sealed class TwilioStatusSweeper(
    TwilioStatusUpdater statuses,
    IOptions<TwilioOptions> options,
    TimeProvider time,
    ILogger<TwilioStatusSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured) return;
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var applied = await statuses.SweepAsync().ConfigureAwait(false);
                    if (applied > 0) logger.LogDebug("Applied {Count} early Twilio status callbacks", applied);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Sweeping early Twilio status callbacks failed; trying again later");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
