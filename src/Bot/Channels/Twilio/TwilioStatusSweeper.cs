using Microsoft.Extensions.Options;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioStatusSweeper: every <see cref="Interval"/>, applies delivery reports that arrived before their outbox record had the MessageSid.</summary>
/// <remarks>Twilio often posts "sent" (sometimes "failed") before the delivery engine has stored the id our REST call returned.</remarks>
internal sealed class TwilioStatusSweeper(
    OutboxStatusRepository statuses,
    IOptions<TwilioOptions> options,
    TimeProvider time,
    ILogger<TwilioStatusSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>Kept reports whose message never shows up (sent by another system on the account) are dropped after this.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var done = await statuses.ApplyKeptAsync(time.GetUtcNow(), MaxAge);
                    if (done > 0) logger.LogDebug("Applied or dropped {Count} early Twilio delivery reports", done);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Applying early Twilio delivery reports failed ({Error}); next sweep retries", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
