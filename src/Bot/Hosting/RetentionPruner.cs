using Microsoft.Extensions.Options;
using OutreachBot.Storage;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Hosting;

/// <summary>RetentionPruner: at start and then every <see cref="Interval"/>, removes inbound messages and outbox texts older than Storage:Retention.</summary>
/// <remarks>It works in batches of <see cref="Batch"/> rows, one write each, so the storage thread is never held for long.</remarks>
public sealed class RetentionPruner(
    IRetentionStore retention,
    IExclusiveRoles roles,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<RetentionPruner> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    public const int Batch = 500;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ExclusiveRun.RunAsync(roles, "retention", time, logger, RunAsync, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (StorageStoppedException)
            {
                return; // the host is stopping
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Pruning old messages failed ({Error}); trying again in {Interval}", ex.GetType().Name + ": " + ex.Message, Interval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>PruneAsync removes everything older than the retention, batch by batch.</summary>
    internal async Task PruneAsync(CancellationToken stoppingToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        var (inbound, blanked) = (0, 0);
        int deleted;
        do
        {
            deleted = await retention.PruneInboundAsync(cutoff, Batch);
            inbound += deleted;
        }
        while (deleted == Batch && !stoppingToken.IsCancellationRequested);

        (int Seen, int Blanked) step;
        do
        {
            step = await retention.BlankOutboxAsync(cutoff, Batch);
            blanked += step.Blanked;
        }
        while (step.Seen == Batch && !stoppingToken.IsCancellationRequested);

        if (inbound + blanked > 0)
            logger.LogInformation("Retention {Retention}: deleted {Inbound} inbound messages and blanked {Outbox} sent texts from before {Cutoff:u}",
                options.Value.Retention, inbound, blanked, cutoff);
    }
}
