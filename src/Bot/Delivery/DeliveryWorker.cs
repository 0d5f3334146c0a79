using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Hosting;
using OutreachBot.Storage;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryWorker: at start recovers claims left by a stopped process and loads the queued outbox, then runs one dispatcher per channel sender and the lease sweep.</summary>
public sealed class DeliveryWorker(
    IEnumerable<IChannelSender> senders,
    DeliveryQueues queues,
    IOutboxStore outbox,
    DeliveryEngineParts parts,
    DeliveryHealth health,
    IExclusiveRoles roles,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<DeliveryWorker>();

    /// <summary>Role: delivery runs on one instance at a time, so each sender's rate limits hold however many instances run.</summary>
    public const string Role = "delivery";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ExclusiveRun.RunAsync(roles, Role, parts.Time, _logger, DeliverAsync, stoppingToken, standby: () =>
        {
            // Another instance delivers; it reads what this one queues from the store, so nothing is kept here.
            queues.Active = false;
            health.Standby = true;
        });

    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        try
        {
            queues.Active = true;
            health.Standby = false;
            await RecoverAsync().ConfigureAwait(false);
            var dispatchers = senders
                .GroupBy(s => s.Channel, StringComparer.OrdinalIgnoreCase)
                .Select(g => new ChannelDispatcher(g.Last(), queues, outbox, parts, loggers.CreateLogger<ChannelDispatcher>()))
                .ToList();
            foreach (var lanes in queues.All.Where(l => dispatchers.All(d => !d.Channel.Equals(l.Channel, StringComparison.OrdinalIgnoreCase))))
                _logger.LogWarning("Outbox has messages for channel {Channel}, which has no sender; they stay queued", lanes.Channel);
            var leases = new LeaseSweeper(queues, outbox, parts, loggers.CreateLogger<LeaseSweeper>());
            health.Running = true;
            await Task.WhenAll([
                .. dispatchers.Select(d => Task.Run(() => d.RunAsync(stoppingToken), CancellationToken.None)),
                Task.Run(() => leases.RunAsync(stoppingToken), CancellationToken.None),
                Task.Run(() => FollowOtherInstancesAsync(stoppingToken), CancellationToken.None),
            ]).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && StoppedStorage(ex))
        {
            // Storage stopped for good: the watchdog stops the service with its exit code; ending here lets it say so.
            health.Error = "storage stopped";
            _logger.LogError("Delivery stopped: storage stopped ({Error})", ex.GetType().Name);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            health.Error = ex.Message;
            _logger.LogCritical(ex, "Delivery worker stopped");
            throw;
        }
        finally
        {
            health.Running = false;
        }
    }

    /// <summary>RecoverAsync requeues messages in flight at a crash (counted as possible duplicates, in storage) and loads everything queued.</summary>
    internal async Task RecoverAsync()
    {
        var now = parts.Time.GetUtcNow();
        // Alone on the store, every claim in Sending was left by a stopped process; shared, only lapsed ones are (another
        // instance may be sending the rest: the lease sweep takes them once their lease ends).
        var recovered = await outbox.WriteAsync(changes => outbox.SharedByInstances
            ? LeaseRecovery.RecoverExpired(changes, now, parts.InFlight.Contains, parts.Options.MaxLeaseRecoveries)
            : LeaseRecovery.RecoverInFlight(changes, now, parts.Options.MaxLeaseRecoveries)).ConfigureAwait(false);
        var queued = await outbox.QueuedAsync().ConfigureAwait(false);
        // The stored count covers earlier runs too, so /metrics does not start from zero after each restart.
        parts.Metrics.PossibleDuplicates(recovered.PossibleDuplicates);
        // Each of these was claimed and may have reached the provider before the crash: it may arrive twice.
        if (recovered.Requeued.Count > 0)
            _logger.LogWarning("Recovered {Count} messages in flight at the last stop; they are resent and may arrive twice", recovered.Requeued.Count);
        foreach (var message in recovered.GivenUp) parts.Metrics.Failed(message, LeaseRecovery.TooOftenCode);
        if (recovered.GivenUp.Count > 0)
            _logger.LogError("{Count} messages in flight at the last stop failed: their delivery claim lapsed without an outcome more than {Max} times", recovered.GivenUp.Count, parts.Options.MaxLeaseRecoveries);
        foreach (var message in queued) queues.Requeue(message);
        _logger.LogInformation("Delivery loaded {Count} queued messages", queued.Count);
    }

    private static bool StoppedStorage(Exception ex) =>
        ex is StorageStoppedException || ex.InnerException is StorageStoppedException
        || (ex is AggregateException all && all.InnerExceptions.All(StoppedStorage));

    /// <summary>FollowOtherInstancesAsync queues here what other instances store (their replies, bulk, requeues), as they commit.</summary>
    private async Task FollowOtherInstancesAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var rows in outbox.WatchQueuedAsync(stoppingToken).ConfigureAwait(false))
                foreach (var message in rows) queues.Requeue(message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>DeliveryHealth: whether the delivery worker runs, for /healthz.</summary>
public sealed class DeliveryHealth
{
    public volatile bool Running;

    /// <summary>Standby: another instance on the shared store delivers; this one takes over if that one ends.</summary>
    public volatile bool Standby;
    public volatile string? Error;
}
