using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OutreachBot.Storage;
using OutreachBot.Storage.Postgres;

namespace OutreachBot.Bot.Hosting;

/// <summary>StorageStartup opens the store when the host starts, so a bad path, a second process on the file or an unreachable database fails at once.</summary>
/// <remarks>
/// On PostgreSQL it first migrates the schema (<see cref="PostgresSchema"/>). On the embedded file, once the server listens
/// it publishes its URLs through the file's lock (see <see cref="DataFileLock"/>), so <c>chat</c> can find it.
/// </remarks>
public sealed class StorageStartup(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<StorageStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (options.Provider == StorageProvider.PostgreSql)
        {
            var ran = await PostgresSchema.MigrateAsync(services.GetRequiredService<IConfiguration>().GetConnectionString("Outreach") ?? "", logger, cancellationToken);
            if (ran.Count > 0) logger.LogInformation("Storage schema migrated: {Scripts}", string.Join(", ", ran));
        }
        var contacts = await services.GetRequiredService<IStorageHealth>().ContactCountAsync();
        logger.LogInformation("Storage open: {Contacts} contacts", contacts);
        lifetime.ApplicationStarted.Register(PublishUrls);
    }

    private void PublishUrls()
    {
        // A plain host (the terminal chat) has no server; the test server has no addresses.
        var urls = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        try
        {
            services.GetRequiredService<IServiceRecord>().Publish(urls);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not record this service's URLs next to the data file ({Error}); chat will not find it", ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
