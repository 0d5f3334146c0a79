using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Postgres;
using OutreachBot.Storage.Repositories;
using OutreachBot.Storage.Tests.Contract;

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
}
