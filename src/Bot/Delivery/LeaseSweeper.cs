using Microsoft.Extensions.Logging;
using OutreachBot.Storage;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Delivery;

/// <summary>LeaseSweeper: while delivery runs, requeues messages whose claim lapsed without an outcome, each counted as a possible duplicate (see <see cref="LeaseRecovery"/>).</summary>
/// <remarks>
/// A claim lapses when its outcome could not be written (a storage fault after the provider call): the message stays
/// Sending, and without this sweep it would wait for the next start. Messages this process still has in flight are left
/// alone even past their lease (a slow call, a stalled write; see <see cref="InFlightMessages"/>), so no message is ever
/// sent twice at once, and their own outcome settles them.
/// </remarks>
public sealed class LeaseSweeper(DeliveryQueues queues, IOutboxStore outbox, DeliveryEngineParts parts, ILogger logger)
{
    /// <summary>Interval between sweeps: a quarter of the lease, so a lapsed claim is retried at most a lease and a quarter after it was made.</summary>
    public TimeSpan Interval => parts.Options.LeaseTime / 4;

    /// <summary>RunAsync sweeps every <see cref="Interval"/> of the engine's clock until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, parts.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Sweeping lapsed delivery claims failed; the next sweep tries again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>SweepAsync requeues the claims lapsed by now and returns how many.</summary>
    public async Task<int> SweepAsync()
    {
        var now = parts.Time.GetUtcNow();
        var lapsed = await outbox.WriteAsync(changes => LeaseRecovery.RecoverExpired(changes, now, parts.InFlight.Contains, parts.Options.MaxLeaseRecoveries)).ConfigureAwait(false);
        foreach (var message in lapsed.GivenUp) parts.Metrics.Failed(message, LeaseRecovery.TooOftenCode);
        if (lapsed.GivenUp.Count > 0)
            logger.LogError("{Count} messages failed: their delivery claim lapsed without an outcome more than {Max} times", lapsed.GivenUp.Count, parts.Options.MaxLeaseRecoveries);
        if (lapsed.Requeued.Count == 0) return 0;
        // Each was claimed and may have reached the provider before its outcome was lost: it may arrive twice.
        parts.Metrics.PossibleDuplicates(lapsed.PossibleDuplicates);
        logger.LogWarning("Requeued {Count} messages whose delivery claim lapsed without an outcome; they are resent and may arrive twice", lapsed.Requeued.Count);
        foreach (var message in lapsed.Requeued) queues.Requeue(message);
        return lapsed.Requeued.Count;
    }
}
