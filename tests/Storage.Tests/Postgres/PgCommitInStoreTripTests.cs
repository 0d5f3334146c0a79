using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Postgres;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>A group commit with nothing left to do one by one commits in the round trip that stores its rows; one with
/// work left commits after it, and a refused statement in that round trip commits nothing.</summary>
public sealed class PgCommitInStoreTripTests : IAsyncLifetime
{
    private NpgsqlDataSource _data = null!;

    public async Task InitializeAsync() => _data = await ServicePool.CreateAsync(maxConnections: 4);

    public async Task DisposeAsync() => await _data.DisposeAsync();

    private static ConversationWrite NewContact(long id, string urn, string? phone = null) => new()
    {
        Inbound = new InboundLogEntry { Id = "sim:" + urn, Channel = "sim", ProviderId = urn, Urn = urn, Text = "انضم", Kind = "Text", ReceivedAt = DateTimeOffset.UnixEpoch },
        Contact = new Contact { Id = id, Urns = [urn], Phone = phone },
        Session = new Session { ContactId = id },
        Outbox = [new OutboxMessage { Channel = "sim", Urn = urn, Text = "أهلا", Status = OutboxStatus.Queued }],
    };

    private static List<string> Keys(IEnumerable<ConversationWrite> writes) =>
        [.. writes.SelectMany(PgConversationWrites.LockKeys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task WritesThatAllGoTogetherAreCommittedByTheRoundTripThatStoresThem()
    {
        List<ConversationWrite> writes = [NewContact(1, "sim:a"), NewContact(2, "sim:b")];
        await using var connection = await _data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var (results, committed) = await PgBatchWrites.ApplyAsync(connection, transaction, Keys(writes), writes);

        Assert.True(committed);
        Assert.All(results, r => Assert.Equal(WriteOutcome.Stored, r.Outcome));
        // Seen from another session before anything else is sent on this one: committed, and durable, already.
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM contacts"));
        // Npgsql saw the transaction end (it refuses to commit it again), so disposing it sends no rollback.
        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.CommitAsync());
        await transaction.DisposeAsync();
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM inbound"));
    }

    [Fact]
    public async Task AWriteLeftToGoOneByOneKeepsTheTransactionOpenForTheCallerToCommit()
    {
        // Setting a phone goes one by one (it may merge), after the batch's rows are stored.
        List<ConversationWrite> writes = [NewContact(1, "sim:a"), NewContact(2, "sim:b", phone: "+201001234567")];
        await using var connection = await _data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var (results, committed) = await PgBatchWrites.ApplyAsync(connection, transaction, Keys(writes), writes);

        Assert.False(committed);
        Assert.All(results, r => Assert.Equal(WriteOutcome.Stored, r.Outcome));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM contacts"));
        await transaction.CommitAsync();
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM contacts"));
    }

    [Fact]
    public async Task AStatementTheServerRefusesInTheStoreRoundTripCommitsNothing()
    {
        var refused = NewContact(2, "sim:b");
        // Too long for the inbound log's key (a btree entry holds about 2,700 bytes): the insert fails, and the COMMIT after it is skipped.
        refused.Inbound.ProviderId = string.Concat(Enumerable.Range(0, 600).Select(_ => Guid.NewGuid().ToString("N")));
        List<ConversationWrite> writes = [NewContact(1, "sim:a"), refused];
        await using (var connection = await _data.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
            await Assert.ThrowsAsync<PostgresException>(() => PgBatchWrites.ApplyAsync(connection, transaction, Keys(writes), writes));

        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM contacts"));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM outbox"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var other = await _data.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, other);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
