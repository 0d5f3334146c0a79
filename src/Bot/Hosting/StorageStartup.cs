using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Hosting;

/// <summary>StorageStartup opens the LiteDB file (taking its lock) when the host starts, so a bad path or a second process fails at once.</summary>
/// <remarks>Once the server listens it publishes its URLs through the lock (see <see cref="DataFileLock"/>), so <c>chat</c> can find it.</remarks>
public sealed class StorageStartup(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<StorageStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<StorageWriter>();
        var contacts = await storage.ReadAsync(store => store.Contacts.Count());
        logger.LogInformation("Storage open: {Contacts} contacts", contacts);
        lifetime.ApplicationStarted.Register(PublishUrls);
    }

    private void PublishUrls()
    {
        // A plain host (the terminal chat) has no server; the test server has no addresses.
        var urls = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        try
        {
            services.GetRequiredService<LiteStore>().FileLock.Publish(urls);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not record this service's URLs next to the data file ({Error}); chat will not find it", ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
