using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Postgres;
using OutreachBot.Storage.Repositories;
using OutreachBot.Storage.Tests.Contract;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>On PostgreSQL, conversation writes waiting at the same time share one transaction.</summary>
public sealed class PgGroupCommitTests
{
    private static ConversationWrite NewContact(long id, string urn) => new()
    {
        Inbound = new InboundLogEntry { Id = "sim:" + urn, Channel = "sim", ProviderId = urn, Urn = urn, Text = "انضم", Kind = "Text", ReceivedAt = DateTimeOffset.UnixEpoch },
        Contact = new Contact { Id = id, Urns = [urn] },
        Session = new Session { ContactId = id },
        Outbox = [new OutboxMessage { Channel = "sim", Urn = urn, Text = "أهلا", Status = OutboxStatus.Queued }],
    };

    [Fact]
    public async Task TwoHundredWritesAtOnceAreCommittedInFarFewerTransactionsAndAllStored()
    {
        await using var store = await PgStoreUnderTest.CreateAsync();
        var conversations = (PgConversationStore)store.Conversations;
        var writes = new List<ConversationWrite>();
        for (var i = 0; i < 200; i++) writes.Add(NewContact(await conversations.NextContactIdAsync(), "sim:u" + i));

        var results = await Task.WhenAll(writes.Select(conversations.WriteAsync));

        Assert.All(results, r => Assert.Equal(WriteOutcome.Stored, r.Outcome));
        Assert.Equal(200, (await store.ContactIdsAsync()).Count);
        Assert.Equal(200, (await store.OutboxAsync()).Select(m => m.Id).Distinct().Count());
        Assert.True(conversations.Commits <= 100, $"expected group commits, got {conversations.Commits} for 200 writes");
    }

    [Fact]
    public async Task WhenTheServerIsGoneEveryWriteOfABatchFailsAtOnceAndNoneWaitsForEver()
    {
        using var cluster = await OutreachBot.TestSupport.PostgresCluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await using var data = NpgsqlDataSource.Create(database);
        await using var conversations = new PgConversationStore(data);
        var writes = new List<ConversationWrite>();
        for (var i = 0; i < 20; i++) writes.Add(NewContact(await conversations.NextContactIdAsync(), "sim:g" + i));

        await cluster.CrashAsync();
        var attempts = writes.Select(conversations.WriteAsync).ToList();

        foreach (var attempt in attempts)
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => attempt.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WhileABatchCommitsAFewLaterWritesWaitAndShareTheNextTransaction()
    {
        await using var held = await HeldBatchAsync();
        var later = new List<Task<ConversationWriteResult>>();
        for (var i = 0; i < 5; i++) later.Add(held.Conversations.WriteAsync(NewContact(await held.Conversations.NextContactIdAsync(), "sim:few" + i)));

        // The loop that is free leaves them to gather: a second transaction of a few writes is what three lightly loaded instances would multiply.
        await Task.Delay(500);
        Assert.All(later, w => Assert.False(w.IsCompleted, "a write committed while the batch before it was still in flight"));
        Assert.Equal(0, held.Conversations.Commits);

        await held.ReleaseAsync();
        Assert.All(await Task.WhenAll(later), r => Assert.Equal(WriteOutcome.Stored, r.Outcome));
        Assert.Equal(2, held.Conversations.Commits);
    }

    [Fact]
    public async Task EnoughWaitingWritesStartASecondBatchWhileTheFirstIsStillInFlight()
    {
        await using var held = await HeldBatchAsync();
        var later = new List<Task<ConversationWriteResult>>();
        for (var i = 0; i < PgWriteBatcher.JoinAt; i++) later.Add(held.Conversations.WriteAsync(NewContact(await held.Conversations.NextContactIdAsync(), "sim:many" + i)));

        Assert.All(await Task.WhenAll(later).WaitAsync(TimeSpan.FromSeconds(30)), r => Assert.Equal(WriteOutcome.Stored, r.Outcome));
        Assert.False(held.First.IsCompleted);

        await held.ReleaseAsync();
        Assert.Equal(WriteOutcome.Stored, (await held.First).Outcome);
    }

    [Fact]
    public async Task AWriteTheServerRefusesInABatchMakesItStaleThenFailsAloneWhileItsNeighboursAreStored()
    {
        await using var held = await HeldBatchAsync();
        var ids = new List<long>();
        for (var i = 0; i < 4; i++) ids.Add(await held.Conversations.NextContactIdAsync());
        // A provider id too long for the inbound log's key (a btree entry holds about 2,700 bytes): the server refuses
        // the insert, which is not a conflict with another instance.
        List<ConversationWrite> Writes() => [.. ids.Select((id, i) => Poisoned(NewContact(id, "sim:refused" + i), i == 0))];

        var together = Writes().Select(held.Conversations.WriteAsync).ToList();
        await held.ReleaseAsync();
        Assert.All(await Task.WhenAll(together), r => Assert.Equal(WriteOutcome.Stale, r.Outcome));

        // Redone, as the pipeline does after Stale, and again all waiting together behind a batch in flight: the
        // refused write goes alone and fails; the others share a batch and are stored.
        await held.HoldAsync("sim:held-again");
        var again = Writes().Select(held.Conversations.WriteAsync).ToList();
        await held.ReleaseAsync();
        await Assert.ThrowsAsync<PostgresException>(() => again[0]);
        Assert.All(await Task.WhenAll(again.Skip(1)), r => Assert.Equal(WriteOutcome.Stored, r.Outcome));
    }

    private static ConversationWrite Poisoned(ConversationWrite write, bool poisoned)
    {
        if (poisoned) write.Inbound.ProviderId = string.Concat(Enumerable.Range(0, 600).Select(i => Guid.NewGuid().ToString("N")));
        return write;
    }

    /// <summary>HeldBatchAsync: a store whose first write is in flight, waiting for an advisory lock another session holds.</summary>
    private static async Task<HeldBatch> HeldBatchAsync()
    {
        var database = await SharedPostgres.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var data = NpgsqlDataSource.Create(database);
        var holder = new NpgsqlConnection(database);
        await holder.OpenAsync();
        var held = new HeldBatch(data, new PgConversationStore(data), holder);
        await held.HoldAsync("sim:held");
        return held;
    }

    private sealed class HeldBatch(NpgsqlDataSource data, PgConversationStore conversations, NpgsqlConnection holder) : IAsyncDisposable
    {
        private readonly List<Task<ConversationWriteResult>> _held = [];

        public PgConversationStore Conversations => conversations;

        /// <summary>First: the write of the first batch held.</summary>
        public Task<ConversationWriteResult> First => _held[0];

        /// <summary>HoldAsync starts a batch of one write, for <paramref name="urn"/>, that waits for its URN's lock, held here, until <see cref="ReleaseAsync"/>.</summary>
        public async Task HoldAsync(string urn)
        {
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", holder) { Parameters = { new() { Value = "urn:" + urn } } })
                await take.ExecuteNonQueryAsync();
            _held.Add(conversations.WriteAsync(NewContact(await conversations.NextContactIdAsync(), urn)));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            await using var waiting = data.CreateCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
            while ((long)(await waiting.ExecuteScalarAsync())! == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the batch never waited for the held lock");
                await Task.Delay(15);
            }
        }

        public async Task ReleaseAsync()
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", holder);
            await release.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            // A pooled connection keeps its session locks when it returns to the pool, so release them first.
            await ReleaseAsync();
            await holder.DisposeAsync();
            await Task.WhenAll(_held).WaitAsync(TimeSpan.FromSeconds(30));
            await conversations.DisposeAsync();
            await data.DisposeAsync();
        }
    }
}
