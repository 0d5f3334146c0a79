using OutreachBot.Storage;

namespace OutreachBot.Bot.Hosting;

/// <summary>StorageWatchdog stops the service with exit code <see cref="ServiceExit.StorageFailed"/> once storage has stopped after a failure.</summary>
/// <remarks>
/// Nothing can be stored any more, so every message would be refused until a restart; a supervisor (systemd, Docker,
/// Kubernetes) restarts the process, and LiteDB replays the log on open. Until the host is down, channels answer 5xx and
/// /healthz answers 503, so providers keep their messages and retry.
/// </remarks>
public sealed class StorageWatchdog(StorageWriter storage, ServiceExit exit, IHostApplicationLifetime lifetime, ILogger<StorageWatchdog> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Exception cause;
        try
        {
            cause = await storage.Stopped.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return; // a normal stop
        }
        logger.LogCritical("Stopping the service with exit code {Code}: storage failed ({Error}) and stores nothing until a restart",
            ServiceExit.StorageFailed, cause.GetType().Name + ": " + cause.Message);
        exit.Code = ServiceExit.StorageFailed;
        lifetime.StopApplication();
    }
}
