using Microsoft.Extensions.Logging;
using Npgsql;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgExclusiveRoles: a role is a session advisory lock held on a connection of its own.</summary>
/// <remarks>
/// The lock lives as long as that connection: a killed instance's connection is closed by the kernel and the server
/// frees the lock at once, so the next instance that asks gets it. The holder checks its connection every
/// <see cref="CheckInterval"/>; when a check fails or takes too long, the role is lost (<see cref="IExclusiveRole.Lost"/>)
/// and the holder must stop that work, since the server may already have given the lock to another instance.
/// </remarks>
public sealed class PgExclusiveRoles(NpgsqlDataSource data, TimeProvider time, ILogger<PgExclusiveRoles> logger) : IExclusiveRoles
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public async Task<IExclusiveRole?> TryAcquireAsync(string role, CancellationToken cancellationToken)
    {
        var connection = await data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection)
            { Parameters = { new() { Value = "role:" + role } } };
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                return new Held(role, connection, time, logger);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private sealed class Held : IExclusiveRole
    {
        private readonly NpgsqlConnection _connection;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watch;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;

        public Held(string name, NpgsqlConnection connection, TimeProvider time, ILogger logger)
        {
            (Name, _connection, _time, _logger) = (name, connection, time, logger);
            _watch = Task.Run(WatchAsync);
        }

        public string Name { get; }

        public CancellationToken Lost => _lost.Token;

        private async Task WatchAsync()
        {
            using var timer = new PeriodicTimer(CheckInterval, _time);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    await using var check = new NpgsqlCommand("SELECT 1", _connection);
                    await check.ExecuteScalarAsync(_stop.Token).WaitAsync(CheckTimeout, _time, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _logger.LogWarning("Role {Role} lost: its database connection failed ({Error}); another instance may take it over", Name, ex.GetType().Name);
                await _lost.CancelAsync().ConfigureAwait(false);
            }
        }

        /// <summary>UnlockAsync gives the role up at once.</summary>
        /// <remarks>
        /// Disposing the connection alone would not: it goes back to Npgsql's pool with its session, and so its lock,
        /// still open (<see cref="PgSessionState"/>). On a broken connection the server has freed the lock already.
        /// </remarks>
        private async Task UnlockAsync()
        {
            if (!await PgSessionState.UndoAsync(_connection, "SELECT pg_advisory_unlock(hashtextextended($1, 0))", _time, "role:" + Name).ConfigureAwait(false))
                _logger.LogDebug("Role {Role}: unlocking failed; its connection is closed instead", Name);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            try { await _watch.ConfigureAwait(false); } catch (OperationCanceledException) { }
            await UnlockAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
            _lost.Dispose();
            _stop.Dispose();
        }
    }
}
