using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Postgres;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>Inserting outbox rows announces the queued ones to the dispatching instance, once committed, in payloads PostgreSQL accepts, with the pool they came from.</summary>
/// <remarks>Delivery waits on these announcements; without them a reply would wait for the next full rescan of the queue.</remarks>
public sealed class PgOutboxAnnouncementTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource _data = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await SharedPostgres.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(_connectionString, NullLogger.Instance);
        _data = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public async Task ACommittedInsertAnnouncesEveryQueuedIdOnceAndNoOther()
    {
        await using var listener = await ListenAsync();
        // More ids than one payload holds, and rows that are not queued (sent already, as an imported history is).
        var rows = Enumerable.Range(0, 1_000).Select(i => Row(i % 10 == 0 ? OutboxStatus.Sent : OutboxStatus.Queued)).ToList();
        await InsertAsync(rows, commit: true);

        var announced = await listener.UntilAsync(900);
        Assert.Equal(rows.Where(r => r.Status == OutboxStatus.Queued).Select(r => r.Id).Order(), announced.Order());
        Assert.All(listener.Payloads, p => Assert.True(p.Length < 8_000, $"payload of {p.Length} bytes"));
    }

    [Fact]
    public async Task ARolledBackInsertAnnouncesNothing()
    {
        await using var listener = await ListenAsync();
        await InsertAsync([Row(OutboxStatus.Queued)], commit: false);
        var marker = Row(OutboxStatus.Queued);
        await InsertAsync([marker], commit: true);

        Assert.Equal([marker.Id], await listener.UntilAsync(1));
    }

    [Fact]
    public async Task AnAnnouncementNamesThePoolThatQueuedTheRows()
    {
        await using var pool = ServicePool();
        await using var listener = await ListenAsync();
        await InsertAsync([Row(OutboxStatus.Queued)], commit: true, pool);
        await InsertAsync([Row(OutboxStatus.Queued)], commit: true);

        await listener.UntilAsync(2);
        await using var setting = pool.CreateCommand($"SELECT current_setting('{PgOutboxRows.OriginSetting}')");
        var origin = (string)(await setting.ExecuteScalarAsync())!;
        Assert.Equal(32, origin.Length);
        Assert.Equal([origin, ""], listener.Payloads.Select(p => PgOutboxRows.Announced(p).Origin));
    }

    [Fact]
    public async Task TheDispatcherSkipsWhatItsOwnPoolQueuedAndReadsWhatOtherInstancesQueued()
    {
        await using var own = ServicePool();
        await using var other = ServicePool();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = new PgOutboxStore(own).WatchQueuedAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Empty(watch.Current); // the scan when it starts listening: nothing queued yet

        // This process hands what it queues to its own delivery queues as it commits; reading it back would only cost the server.
        var mine = Row(OutboxStatus.Queued);
        await InsertAsync([mine], commit: true, own);
        var theirs = Row(OutboxStatus.Queued);
        await InsertAsync([theirs], commit: true, other);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal([theirs.Id], watch.Current.Select(m => m.Id));
        await stop.CancelAsync();
    }

    /// <summary>ServicePool: a pool with the service's settings (its own origin among them), on this test's database.</summary>
    private NpgsqlDataSource ServicePool() => NpgsqlDataSource.Create(PostgresPool.Settings(_connectionString, 8).ConnectionString);

    private async Task InsertAsync(IReadOnlyList<OutboxMessage> rows, bool commit, NpgsqlDataSource? through = null)
    {
        await using var connection = await (through ?? _data).OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        await PgOutboxRows.ExecuteThenInsertAsync(batch, rows, CancellationToken.None);
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
    }

    private static OutboxMessage Row(OutboxStatus status) => new()
    {
        ContactId = 7, Channel = "telegram", Urn = "telegram:7", Text = "أهلا", Status = status, Priority = OutboxPriority.Bulk,
        CreatedAt = T0, NextAttemptAt = T0, Purpose = ReplyPurpose.Conversation,
    };

    private async Task<Listener> ListenAsync()
    {
        var connection = await _data.OpenConnectionAsync();
        var listener = new Listener(connection);
        await using (var listen = new NpgsqlCommand($"LISTEN {PgOutboxRows.QueuedChannel}", connection)) await listen.ExecuteNonQueryAsync();
        return listener;
    }

    /// <summary>Listener collects the announcements its connection receives.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        public List<string> Payloads { get; } = [];

        public Listener(NpgsqlConnection connection)
        {
            _connection = connection;
            connection.Notification += (_, e) => Payloads.Add(e.Payload);
        }

        /// <summary>UntilAsync waits until <paramref name="count"/> ids were announced, then one more second for any extra, and returns them all.</summary>
        public async Task<List<long>> UntilAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Ids().Count < count && DateTime.UtcNow < deadline) await _connection.WaitAsync(TimeSpan.FromMilliseconds(200));
            await _connection.WaitAsync(TimeSpan.FromSeconds(1));
            return Ids();
        }

        private List<long> Ids() => [.. Payloads.SelectMany(p => PgOutboxRows.Announced(p).Ids)];

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
