using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Storage.Postgres;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>Roles on PostgreSQL: one holder at a time, and a role given up is free for another instance at once.</summary>
public sealed class PgExclusiveRolesTests : IAsyncLifetime
{
    private NpgsqlDataSource _first = null!;
    private NpgsqlDataSource _second = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        // Two instances: each its own pool, as two processes would have.
        _first = NpgsqlDataSource.Create(connectionString);
        _second = NpgsqlDataSource.Create(connectionString);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    private static PgExclusiveRoles Roles(NpgsqlDataSource data) => new(data, TimeProvider.System, NullLogger<PgExclusiveRoles>.Instance);

    [Fact]
    public async Task ARoleGivenUpIsFreeAtOnceWhileTheInstanceThatHeldItKeepsRunning()
    {
        var held = await Roles(_first).TryAcquireAsync("delivery", CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await Roles(_second).TryAcquireAsync("delivery", CancellationToken.None));

        await held.DisposeAsync();

        // The first instance's pool still has the connection the role was held on, session and all.
        var next = await Roles(_second).TryAcquireAsync("delivery", CancellationToken.None);
        Assert.NotNull(next);
        Assert.Null(await Roles(_first).TryAcquireAsync("delivery", CancellationToken.None));
        await next.DisposeAsync();
    }

    [Fact]
    public async Task RolesOfDifferentNamesAreHeldApart()
    {
        await using var delivery = await Roles(_first).TryAcquireAsync("delivery", CancellationToken.None);
        await using var polling = await Roles(_second).TryAcquireAsync("telegram-polling", CancellationToken.None);
        Assert.NotNull(delivery);
        Assert.NotNull(polling);
    }
}
