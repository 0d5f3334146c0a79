using System.Net.Sockets;
using Npgsql;

namespace OutreachBot.Storage.Postgres;

/// <summary>PostgresOpen opens a first connection and turns what can go wrong into one clear message naming the setting.</summary>
internal static class PostgresOpen
{
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder builder, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            var why = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.InnerException?.Message ?? ex.Message;
            throw new StorageConfigurationException(
                $"Could not connect to PostgreSQL at {PostgresConnection.Describe(builder)} ({PostgresConnection.Setting}): {why}", ex);
        }
    }
}
