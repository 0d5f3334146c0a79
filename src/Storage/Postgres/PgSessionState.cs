using Npgsql;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgSessionState: undoing what a connection kept for its session (a lock, a LISTEN) before it goes back to the pool.</summary>
/// <remarks>
/// The pool hands connections back as they are (<see cref="PostgresPool"/>), so a session advisory lock or a LISTEN left
/// on one would live on in the pool: a role nobody holds that no other instance could take, or a listener nobody reads
/// that holds back the server's notification queue for everyone. When the undoing fails and the connection is not broken
/// (a broken one is never pooled, and the server has ended its session), the pool is cleared, so that connection is
/// closed as it comes back instead of being handed out again.
/// </remarks>
internal static class PgSessionState
{
    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(3);

    /// <summary>UndoAsync runs <paramref name="sql"/> (for example <c>UNLISTEN *</c>) on <paramref name="connection"/>, which
    /// the caller then disposes; it never throws.</summary>
    /// <returns>Whether the statement ran.</returns>
    public static async Task<bool> UndoAsync(NpgsqlConnection connection, string sql, TimeProvider time, params object[] values)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
            await command.ExecuteNonQueryAsync().WaitAsync(UndoTimeout, time).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            NpgsqlConnection.ClearPool(connection);
            return false;
        }
    }
}
