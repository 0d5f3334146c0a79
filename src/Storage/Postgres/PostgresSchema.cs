using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OutreachBot.Storage.Postgres;

/// <summary>PostgresSchema applies the versioned SQL migrations (Postgres/Migrations/V*.sql, embedded) with DbUp.</summary>
/// <remarks>
/// Run at start and by <c>migrate</c>. Instances starting together take turns on a session advisory lock, so a script
/// never runs twice at once; DbUp's journal (table <c>schema_versions</c>) skips scripts already applied, so a second run
/// changes nothing. Each script runs in its own transaction.
/// </remarks>
public static class PostgresSchema
{
    /// <summary>Advisory lock key held while migrating ("OBmigr" in ASCII).</summary>
    private const long MigrationLock = 0x4F_42_6D_69_67_72;

    /// <summary>MigrateAsync brings the database to the newest schema and returns the names of the scripts it ran.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        var builder = PostgresConnection.Parse(connectionString);
        await using var connection = await PostgresOpen.OpenAsync(builder, cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = MigrationLock } } })
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var engine = DeployChanges.To.PostgresqlDatabase(builder.ConnectionString)
                .WithScriptsEmbeddedInAssembly(typeof(PostgresSchema).Assembly, name => name.Contains(".Postgres.Migrations.", StringComparison.Ordinal))
                .JournalToPostgresqlTable("public", "schema_versions")
                .WithTransactionPerScript()
                .LogTo(new UpgradeLog(logger))
                .Build();
            var result = engine.PerformUpgrade();
            if (!result.Successful)
                throw new StorageConfigurationException(
                    $"Migrating {PostgresConnection.Describe(builder)} failed in {result.ErrorScript?.Name ?? "a script"}: {result.Error?.Message}", result.Error);
            return [.. result.Scripts.Select(s => s.Name)];
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = MigrationLock } } };
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>UpgradeLog: DbUp's messages at debug level, its errors as warnings (the caller reports the failure).</summary>
    private sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) => logger.LogDebug("Migration: {Message}", string.Format(format, args));
        public void LogWarning(string format, params object[] args) => logger.LogWarning("Migration: {Message}", string.Format(format, args));
        public void LogError(string format, params object[] args) => logger.LogWarning("Migration: {Message}", string.Format(format, args));
        public void LogError(Exception ex, string format, params object[] args) => logger.LogWarning("Migration: {Message} ({Error})", string.Format(format, args), ex.Message);
    }
}
