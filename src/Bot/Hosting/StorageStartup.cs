using OutreachBot.Storage;

namespace OutreachBot.Bot.Hosting;

/// <summary>StorageStartup opens the LiteDB file and starts the writer when the host starts, so a bad path fails at once.</summary>
public sealed class StorageStartup(IServiceProvider services, ILogger<StorageStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<StorageWriter>();
        var contacts = await storage.ReadAsync(store => store.Contacts.Count());
        logger.LogInformation("Storage open: {Contacts} contacts", contacts);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
