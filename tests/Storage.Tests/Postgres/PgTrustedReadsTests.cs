using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Postgres;
using OutreachBot.Storage.Repositories;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>An instance reads a contact it wrote last from its own copy once the database has confirmed that copy, and a write another instance made meanwhile is never lost for it.</summary>
public sealed class PgTrustedReadsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource _dataA = null!, _dataB = null!;
    private PgConversationStore _a = null!, _b = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(connectionString, NullLogger.Instance);
        (_dataA, _dataB) = (NpgsqlDataSource.Create(connectionString), NpgsqlDataSource.Create(connectionString));
        // A window of one outcome: the share of current copies is the last outcome's, so trust follows each confirmation at once.
        (_a, _b) = (Store(_dataA, window: 1), Store(_dataB, window: 1));
    }

    private static PgConversationStore Store(NpgsqlDataSource data, int window) => new(data, new PgRecentConversations(window: window));

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _dataA.DisposeAsync();
        await _dataB.DisposeAsync();
    }

    [Fact]
    public async Task TrustIsEarnedOnlyOnceTheDatabaseConfirmedTheCopyThenReadsAskNothing()
    {
        Assert.Equal(WriteOutcome.Stored, (await StepAsync(_a, "m1", "أ")).Outcome);
        Assert.Equal(WriteOutcome.Stored, (await StepAsync(_a, "m2", "ب")).Outcome);
        Assert.Equal(0, _a.TrustedReads); // the first read after its own write asked the database

        for (var i = 3; i <= 5; i++) Assert.Equal(WriteOutcome.Stored, (await StepAsync(_a, "m" + i, "ج" + i)).Outcome);

        Assert.Equal(3, _a.TrustedReads);
        Assert.Equal("أبج3ج4ج5", (await _b.LoadAsync(Urn)).Contact!.Name);
    }

    [Fact]
    public async Task AWriteAnotherInstanceMadeMeanwhileIsCaughtByTheStampAndTheStepIsRedoneOnIt()
    {
        await StepAsync(_a, "m1", "أ");
        await StepAsync(_a, "m2", "ب");
        await StepAsync(_a, "m3", "ج"); // A trusts its copy from here on
        Assert.Equal(WriteOutcome.Stored, (await StepAsync(_b, "m4", "د")).Outcome);

        // A's own copy is out of date: the write finds the stamp moved, stores nothing, and A forgets the copy.
        Assert.Equal(WriteOutcome.Stale, (await StepAsync(_a, "m5", "ه")).Outcome);
        var trusted = _a.TrustedReads;
        Assert.Equal(WriteOutcome.Stored, (await StepAsync(_a, "m5", "ه")).Outcome);

        Assert.Equal(trusted, _a.TrustedReads); // the step was redone on what the database holds
        Assert.Equal("أبجده", (await _b.LoadAsync(Urn)).Contact!.Name);
    }

    [Fact]
    public async Task WhenTheSendersMessagesGoToTheInstancesInTurnNothingIsTrustedAndNothingIsRedone()
    {
        var stores = new[] { _a, _b };
        for (var i = 0; i < 8; i++)
            Assert.Equal(WriteOutcome.Stored, (await StepAsync(stores[i % 2], "m" + i, i.ToString())).Outcome);

        Assert.Equal(0, _a.TrustedReads + _b.TrustedReads);
        Assert.Equal("01234567", (await _a.LoadAsync(Urn)).Contact!.Name);
    }

    [Fact]
    public async Task AnInstanceTrustsItsCopiesOnlyWhileMostOfThemTurnOutCurrent()
    {
        await using var a = Store(_dataA, window: 4);
        Assert.Equal(WriteOutcome.Stored, (await StepAsync(a, "m0", "0")).Outcome);
        // Each confirmation moves the share a quarter of the way to 1: the eighth leaves it just under 0.9.
        for (var i = 1; i <= 8; i++) await StepAsync(a, "m" + i, i.ToString());
        Assert.Equal(0, a.TrustedReads);
        await StepAsync(a, "m9", "9"); // the ninth confirmation
        await StepAsync(a, "m10", "a");
        Assert.Equal(1, a.TrustedReads);

        // Another instance writes: A's next trusted copy is stale, the share falls under the bar, and A asks again.
        await StepAsync(_b, "n1", "b");
        Assert.Equal(WriteOutcome.Stale, (await StepAsync(a, "m11", "c")).Outcome);
        for (var i = 12; i <= 14; i++) Assert.Equal(WriteOutcome.Stored, (await StepAsync(a, "m" + i, "d")).Outcome);
        Assert.Equal(2, a.TrustedReads);
        Assert.Equal("0123456789abddd", (await _b.LoadAsync(Urn)).Contact!.Name);
    }

    [Fact]
    public async Task AMergeIntoAnOlderContactDropsThatContactsTrustedCopySoItsNextReadShowsTheMerge()
    {
        const string phone = "+201001234567";
        const string sms = "tel:" + phone;
        for (var i = 1; i <= 3; i++) await StepAsync(_a, "s" + i, "م", sms, c => c.Phone = phone); // the SMS contact's copy is trusted now
        await StepAsync(_a, "t1", "", "telegram:9");

        var merged = await StepAsync(_a, "t2", "", "telegram:9", c => c.Phone = phone);

        Assert.Equal(WriteOutcome.Stored, merged.Outcome);
        var trusted = _a.TrustedReads;
        var survivor = (await _a.LoadAsync(sms)).Contact!;
        Assert.Equal(trusted, _a.TrustedReads);
        Assert.Equal(merged.ContactId, survivor.Id);
        Assert.Equal([sms, "telegram:9"], survivor.Urns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ABlockByTheInstancesOwnDeliveryDropsTheTrustedCopySoTheNextReadIsBlocked()
    {
        var recent = new PgRecentConversations(window: 1);
        await using var conversations = new PgConversationStore(_dataA, recent);
        var outbox = new PgOutboxStore(_dataA, null, recent);
        for (var i = 1; i <= 3; i++) await StepAsync(conversations, "m" + i, i.ToString()); // the copy is trusted now
        var contactId = (await conversations.LoadAsync(Urn)).Contact!.Id;

        await outbox.WriteAsync(changes => { changes.BlockContact(contactId); return true; });

        var trusted = conversations.TrustedReads;
        Assert.Equal(ContactStatus.Blocked, (await conversations.LoadAsync(Urn)).Contact!.Status);
        Assert.Equal(trusted, conversations.TrustedReads);
    }

    private const string Urn = "sim:trusted";

    /// <summary>StepAsync reads the conversation of <paramref name="urn"/> on <paramref name="store"/>, appends <paramref name="text"/> to the contact's name (as a step changes it), applies <paramref name="change"/> and writes.</summary>
    private static async Task<ConversationWriteResult> StepAsync(PgConversationStore store, string providerId, string text,
        string urn = Urn, Action<Contact>? change = null)
    {
        var snapshot = await store.LoadAsync(urn);
        var contact = snapshot.Contact?.Clone() ?? new Contact { Id = await store.NextContactIdAsync(), Urns = [urn], CreatedAt = T0, LastSeenAt = T0 };
        contact.Name += text;
        change?.Invoke(contact);
        return await store.WriteAsync(new ConversationWrite
        {
            Inbound = new InboundLogEntry
            {
                Id = InboundLogEntry.KeyOf("sim", providerId), Channel = "sim", ProviderId = providerId, ContactId = contact.Id,
                Urn = urn, Text = text, Kind = "Text", ReceivedAt = T0,
            },
            Contact = contact,
            Session = snapshot.Session?.Clone() ?? new Session { ContactId = contact.Id, Flow = "signup", State = "Name", UpdatedAt = T0 },
            Outbox = [new OutboxMessage { Channel = "sim", Urn = urn, Text = "تمام", Status = OutboxStatus.Queued, CreatedAt = T0, NextAttemptAt = T0 }],
            KnownUrns = snapshot.Contact?.Urns ?? [],
            KnownPhone = snapshot.Contact?.Phone,
            ReadAs = snapshot.Contact,
            ReadVersion = snapshot.ContactVersion,
        });
    }
}
