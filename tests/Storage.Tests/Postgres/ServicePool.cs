using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Storage.Postgres;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>ServicePool: a new database on the shared cluster, migrated, behind a pool set as the service sets its own (<see cref="PostgresPool"/>).</summary>
internal static class ServicePool
{
    public static async Task<NpgsqlDataSource> CreateAsync(int maxConnections)
    {
        var database = await SharedPostgres.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, NullLogger.Instance);
        return NpgsqlDataSource.Create(PostgresPool.Settings(database, maxConnections).ConnectionString);
    }
}
