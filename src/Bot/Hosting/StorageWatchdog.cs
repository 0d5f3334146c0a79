using OutreachBot.Storage;

namespace OutreachBot.Bot.Hosting;

/// <summary>StorageWatchdog stops the service with exit code <see cref="ServiceExit.StorageFailed"/> once storage has stopped after a failure.</summary>
/// <remarks>
/// Nothing can be stored any more, so every message would be refused until a restart; a supervisor (systemd, Docker,
/// Kubernetes) restarts the process, and LiteDB replays the log on open. Until the host is down, channels answer 5xx and
/// /healthz answers 503, so providers keep their messages and retry. The exit code is set whatever else stops the host
/// first (a delivery worker failing on the same storage, say): <see cref="ServiceRun"/> reads it from the store's failure.
/// </remarks>
public sealed class StorageWatchdog(IStorageHealth storage, IHostApplicationLifetime lifetime, ILogger<StorageWatchdog> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = storage.Stopped.ContinueWith(stopped => OnStorageStopped(stopped.Result), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private void OnStorageStopped(Exception cause)
    {
        logger.LogCritical("Stopping the service with exit code {Code}: storage failed ({Error}) and stores nothing until a restart",
            ServiceExit.StorageFailed, cause.GetType().Name + ": " + cause.Message);
        lifetime.StopApplication();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
