using System.Data.Common;
using Npgsql;

namespace OutreachBot.Storage.Postgres;

/// <summary>PostgresPool: the service's connection pool settings, on top of what <c>ConnectionStrings:Outreach</c> says.</summary>
/// <remarks>
/// A setting the connection string gives wins; otherwise the pool holds <c>Storage:MaxConnections</c> connections and
/// prepares the statements it runs often. Which keys the string gives is read from the text itself:
/// <see cref="NpgsqlConnectionStringBuilder.ContainsKey"/> answers true for every key Npgsql knows, set or not.
/// </remarks>
public static class PostgresPool
{
    /// <summary>AutoPrepare: how many statements each connection keeps prepared. The same few run for every message, so
    /// the server parses and plans each once per connection instead of once per call.</summary>
    public const int AutoPrepare = 64;

    public static NpgsqlConnectionStringBuilder Settings(string? connectionString, int maxConnections)
    {
        var builder = PostgresConnection.Parse(connectionString);
        var given = GivenKeys(connectionString!);
        if (!given.Overlaps(["maxpoolsize", "maximumpoolsize"])) builder.MaxPoolSize = maxConnections;
        if (!given.Contains("maxautoprepare")) builder.MaxAutoPrepare = AutoPrepare;
        // A connection goes back to the pool as it is: Npgsql would otherwise send its reset (RESET ALL, UNLISTEN *, the
        // advisory unlocks and more) with the next use of every connection taken, parsed and run by the server each time
        // (a few per cent of the rate, inside the noise on 2 cores: docs/PERFORMANCE.md). An open transaction is still
        // rolled back. Nothing here leaves session state on a pooled connection: the role's lock and the listeners undo
        // theirs (PgSessionState), and the conversation read resets its plan setting in the same implicit transaction.
        if (!given.Contains("noresetonclose")) builder.NoResetOnClose = true;
        // Every commit waits for the server's durable write: a message is acknowledged only after that. The origin names
        // this pool in the announcements of the rows it queues, so its own dispatcher skips them (see PgOutboxRows.OriginSetting).
        var options = $"-c synchronous_commit=on -c {PgOutboxRows.OriginSetting}={Guid.NewGuid():N}";
        builder.Options = string.IsNullOrEmpty(builder.Options) ? options : builder.Options + " " + options;
        return builder;
    }

    /// <summary>GivenKeys: the keys written in the text, lower case without spaces, so "Max Pool Size" and "MaxPoolSize" are one.</summary>
    private static HashSet<string> GivenKeys(string connectionString)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return [.. raw.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())];
    }
}
