using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Storage.Postgres;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>The service's pool hands connections back without resetting them, so nothing may leave session state on one:
/// an open transaction is rolled back, a role's lock is given up, a listener stops listening.</summary>
/// <remarks>The pool holds two connections, and each test checks both, so the connection checked is the one the work before used.</remarks>
public sealed class PgSessionStateTests : IAsyncLifetime
{
    private NpgsqlDataSource _data = null!;

    public async Task InitializeAsync() => _data = await ServicePool.CreateAsync(maxConnections: 2);

    public async Task DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public void ThePoolDoesNotResetConnectionsUnlessTheConnectionStringAsks()
    {
        const string plain = "Host=db;Database=outreach;Username=outreach;Password=secret";
        Assert.True(PostgresPool.Settings(plain, maxConnections: 4).NoResetOnClose);
        Assert.False(PostgresPool.Settings(plain + ";No Reset On Close=false", maxConnections: 4).NoResetOnClose);
    }

    [Fact]
    public async Task ATransactionLeftOpenIsRolledBackWhenItsConnectionGoesBack()
    {
        await using (var connection = await _data.OpenConnectionAsync())
        {
            var transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO cursors (name, position) VALUES ('left-open', 1)", connection, transaction);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(new long[] { 0, 0 }, await OnEachPooledAsync("SELECT count(*) FROM cursors WHERE name = 'left-open'"));
    }

    [Fact]
    public async Task ARoleGivenUpLeavesNoLockOnTheConnectionItWasHeldOn()
    {
        var roles = new PgExclusiveRoles(_data, TimeProvider.System, NullLogger<PgExclusiveRoles>.Instance);
        var held = await roles.TryAcquireAsync("delivery", CancellationToken.None);
        Assert.NotNull(held);
        await held.DisposeAsync();

        Assert.Equal(new long[] { 0, 0 }, await OnEachPooledAsync("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"));
    }

    [Fact]
    public async Task AWatchOfTheOutboxThatEndsLeavesItsConnectionListeningToNothing()
    {
        using var stop = new CancellationTokenSource();
        await using (var watch = new PgOutboxStore(_data).WatchQueuedAsync(stop.Token).GetAsyncEnumerator(stop.Token))
            Assert.True(await watch.MoveNextAsync()); // listening, and the first scan done

        Assert.Equal(new long[] { 0, 0 }, await OnEachPooledAsync("SELECT count(*) FROM pg_listening_channels()"));
    }

    /// <summary>OnEachPooledAsync runs a count on both connections of the pool, held at once so each is a different one.</summary>
    private async Task<long[]> OnEachPooledAsync(string sql)
    {
        await using var first = await _data.OpenConnectionAsync();
        await using var second = await _data.OpenConnectionAsync();
        var counts = new List<long>();
        foreach (var connection in new[] { first, second })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            counts.Add((long)(await command.ExecuteScalarAsync())!);
        }
        return [.. counts];
    }
}
