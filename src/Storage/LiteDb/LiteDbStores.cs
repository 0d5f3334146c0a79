using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteDbStores registers the embedded store behind every storage interface, on the <see cref="StorageWriter"/> the caller registers.</summary>
public static class LiteDbStores
{
    public static IServiceCollection AddLiteDbStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IConversationStore, LiteConversationStore>();
        services.TryAddSingleton<IChannelCursors, LiteChannelCursors>();
        services.TryAddSingleton<IOutboxStore, LiteOutboxStore>();
        services.TryAddSingleton<OutboxStatusRepository>();
        return services;
    }
}
