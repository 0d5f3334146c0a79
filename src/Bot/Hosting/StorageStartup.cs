using OutreachBot.Storage;

namespace OutreachBot.Bot.Hosting;

/// <summary>StorageStartup opens the LiteDB file and starts the writer when the host starts, so a bad path fails at once.</summary>
public sealed class StorageStartup(IServiceProvider services, ILogger<StorageStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<LiteStore>();
        services.GetRequiredService<StorageWriter>();
        logger.LogInformation("Storage open: {Contacts} contacts", store.Contacts.Count());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
