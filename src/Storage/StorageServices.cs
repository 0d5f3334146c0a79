using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using OutreachBot.Storage.LiteDb;
using OutreachBot.Storage.Postgres;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage;

/// <summary>StorageServices registers the storage interfaces on the store <see cref="StorageOptions.Provider"/> names.</summary>
/// <remarks>
/// The choice is made when the first interface is resolved, not when this runs, so settings a host adds later (tests,
/// environment, command line) still decide. Nothing else in the service knows which store it runs on.
/// </remarks>
public static class StorageServices
{
    public static IServiceCollection AddOutreachStorage(this IServiceCollection services,
        Func<IServiceProvider, StorageOptions> options, Func<IServiceProvider, string?> connectionString)
    {
        services.TryAddSingleton(sp => new LiteStore(options(sp).Path));
        services.TryAddSingleton(sp => new StorageWriter(sp.GetRequiredService<LiteStore>(), options(sp), sp.GetRequiredService<ILogger<StorageWriter>>()));
        services.TryAddSingleton(sp => OpenPostgres(connectionString(sp), options(sp).MaxConnections));

        services.TryAddSingleton(_ => new PgRecentConversations());

        Add<IConversationStore>(services, options, sp => new LiteConversationStore(sp.GetRequiredService<StorageWriter>()),
            (sp, data) => new PgConversationStore(data, sp.GetRequiredService<PgRecentConversations>()));
        Add<IChannelCursors>(services, options, sp => new LiteChannelCursors(sp.GetRequiredService<StorageWriter>()), data => new PgChannelCursors(data));
        Add<IOutboxStore>(services, options, sp => new LiteOutboxStore(sp.GetRequiredService<StorageWriter>()), (sp, data) => new PgOutboxStore(data, sp.GetService<TimeProvider>(), sp.GetRequiredService<PgRecentConversations>()));
        Add<IInboundLog>(services, options, sp => new InboundWindowRepository(sp.GetRequiredService<StorageWriter>()), data => new PgInboundLog(data));
        Add<IRetentionStore>(services, options, sp => new RetentionRepository(sp.GetRequiredService<StorageWriter>()), data => new PgRetentionStore(data));
        Add<Results.IQuizResults>(services, options, sp => new LiteQuizResults(sp.GetRequiredService<StorageWriter>()), data => new PgQuizResults(data));
        Add<IStorageHealth>(services, options, sp => new LiteStorageHealth(sp.GetRequiredService<StorageWriter>()), data => new PgStorageHealth(data));
        Add<IServiceRecord>(services, options, sp => new LiteServiceRecord(sp.GetRequiredService<LiteStore>()), _ => new PgServiceRecord());
        Add<IExclusiveRoles>(services, options, _ => new LiteExclusiveRoles(),
            (sp, data) => new PgExclusiveRoles(data, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<PgExclusiveRoles>>()));
        services.TryAddSingleton<OutboxStatusRepository>();
        return services;
    }

    private static void Add<T>(IServiceCollection services, Func<IServiceProvider, StorageOptions> options,
        Func<IServiceProvider, T> lite, Func<NpgsqlDataSource, T> postgres) where T : class =>
        Add(services, options, lite, (_, data) => postgres(data));

    private static void Add<T>(IServiceCollection services, Func<IServiceProvider, StorageOptions> options,
        Func<IServiceProvider, T> lite, Func<IServiceProvider, NpgsqlDataSource, T> postgres) where T : class =>
        services.TryAddSingleton(sp => options(sp).Provider == StorageProvider.PostgreSql
            ? postgres(sp, sp.GetRequiredService<NpgsqlDataSource>())
            : lite(sp));

    /// <summary>OpenPostgres builds the connection pool; the schema is migrated, and the connection proven, at start.</summary>
    private static NpgsqlDataSource OpenPostgres(string? connectionString, int maxConnections) =>
        NpgsqlDataSource.Create(PostgresPool.Settings(connectionString, maxConnections).ConnectionString);
}
