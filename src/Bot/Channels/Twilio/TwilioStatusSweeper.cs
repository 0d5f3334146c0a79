using Microsoft.Extensions.Options;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Storage;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioStatusSweeper: every <see cref="Interval"/>, applies delivery reports that arrived before their outbox record had the MessageSid.</summary>
/// <remarks>
/// Twilio often posts "sent" (sometimes "failed", even WhatsApp's 63016) before the delivery engine has stored the id our
/// REST call returned; a 63016 applied here queues the text again, as the status endpoint does (<see cref="WhatsAppRefusal"/>).
/// </remarks>
internal sealed class TwilioStatusSweeper(
    OutboxStatusRepository statuses,
    IExclusiveRoles roles,
    IEnumerable<IOutboxSignal> signals,
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
        await ExclusiveRun.RunAsync(roles, "twilio-status-sweep", time, logger, SweepAsync, stoppingToken);
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var now = time.GetUtcNow();
                    // A 63016 that overtook the send queues the text again, for the template or SMS path, in the same write.
                    var kept = await statuses.ApplyKeptAsync(now, MaxAge, (store, row) => WhatsAppRefusal.Requeue(store, row, now));
                    if (kept.Queued.Count > 0)
                    {
                        foreach (var signal in signals) signal.Notify(kept.Queued);
                        logger.LogInformation("WhatsApp refused {Count} texts outside the 24-hour window (63016, reported before the send was settled); they are queued again", kept.Queued.Count);
                    }
                    if (kept.Done > 0) logger.LogDebug("Applied or dropped {Count} early Twilio delivery reports", kept.Done);
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
