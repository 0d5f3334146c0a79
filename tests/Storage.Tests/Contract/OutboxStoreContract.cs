using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;
using OutreachBot.Storage.Tests.Support;

namespace OutreachBot.Storage.Tests.Contract;

/// <summary>OutboxStoreContract: what every <see cref="IOutboxStore"/> must do; run on LiteDB and on PostgreSQL.</summary>
public abstract class OutboxStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private IStoreUnderTest _store = null!;

    protected abstract Task<IStoreUnderTest> CreateAsync();

    public async Task InitializeAsync() => _store = await CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private IOutboxStore Outbox => _store.Outbox;

    private static OutboxMessage Queued(string urn, string text, DateTimeOffset? due = null, string? group = null) => new()
    {
        ContactId = 7, Channel = "telegram", Urn = urn, Text = text, Status = OutboxStatus.Queued, Priority = OutboxPriority.Bulk,
        CreatedAt = T0, NextAttemptAt = due ?? T0, GroupId = group, Choices = ["نعم", "لا"], Purpose = ReplyPurpose.Conversation,
    };

    private Task<IReadOnlyList<OutboxMessage>> InsertAsync(params OutboxMessage[] messages) => Outbox.WriteAsync(c => c.InsertAll(messages));

    [Fact]
    public async Task InsertedRowsGetIdsAndAreQueuedInOrderAsWritten()
    {
        var rows = await InsertAsync(Queued("telegram:1", "أ"), Queued("telegram:2", "b", T0.AddHours(1)));
        Assert.True(rows[0].Id > 0 && rows[1].Id > rows[0].Id);
        var queued = await Outbox.QueuedAsync();
        Assert.Equal(["أ", "b"], queued.Select(m => m.Text));
        var read = queued[1];
        Assert.Equal((T0.AddHours(1), OutboxPriority.Bulk), (read.NextAttemptAt, read.Priority));
        Assert.Equal(["نعم", "لا"], read.Choices);
    }

    [Fact]
    public async Task AClaimTakesOnlyQueuedDueRowsOnceAndCountsTheAttempt()
    {
        var rows = await InsertAsync(Queued("telegram:1", "due"), Queued("telegram:2", "later", T0.AddMinutes(5)));
        var ids = rows.Select(r => r.Id).ToList();
        var claimed = await Outbox.WriteAsync(c => c.Claim(ids, T0, T0.AddMinutes(2)));
        var again = await Outbox.WriteAsync(c => c.Claim(ids, T0, T0.AddMinutes(2)));

        var one = Assert.Single(claimed);
        Assert.Equal(("due", OutboxStatus.Sending, 1, T0.AddMinutes(2)), (one.Text, one.Status, one.Attempts, one.LeaseUntil));
        Assert.Empty(again);
        Assert.Equal(OutboxStatus.Sending, (await Outbox.WriteAsync(c => c.Find(ids[0])))!.Status);
    }

    [Fact]
    public async Task FindManyReadsTheRowsThatExist()
    {
        var rows = await InsertAsync(Queued("telegram:1", "one"), Queued("telegram:2", "two"));
        var found = await Outbox.WriteAsync(c => c.FindMany([rows[1].Id, rows[0].Id, rows[1].Id + 1000]));
        Assert.Equal([rows[0].Id, rows[1].Id], found.Keys.Order());
        Assert.Equal("two", found[rows[1].Id].Text);
        Assert.Equal(["نعم", "لا"], found[rows[1].Id].Choices);
        Assert.Empty(await Outbox.WriteAsync(c => c.FindMany([])));
    }

    [Fact]
    public async Task UpdatesAreSeenByTheRestOfTheirTransactionAndStoredInOrder()
    {
        var rows = await InsertAsync(Queued("telegram:1", "one"), Queued("telegram:1", "two"));
        var seen = await Outbox.WriteAsync(c =>
        {
            var first = c.Find(rows[0].Id)!;
            first.Text = "first edit";
            c.Update(first);
            first.Text = "changed after the update, never stored";
            var second = c.Find(rows[1].Id)!;
            second.NextAttemptAt = T0.AddHours(1);
            c.Update(second);
            second.NextAttemptAt = T0.AddHours(2);
            c.Update(second);
            // Reads after the updates, in the same transaction, see them.
            return (c.Find(rows[0].Id)!.Text, c.QueuedFor("telegram:1").Select(m => m.NextAttemptAt).ToList(),
                c.Claim([rows[0].Id, rows[1].Id], T0, T0.AddMinutes(1)).Select(m => m.Text).ToList());
        });
        Assert.Equal("first edit", seen.Item1);
        Assert.Equal([T0, T0.AddHours(2)], seen.Item2);
        Assert.Equal(["first edit"], seen.Item3);
        var stored = await Outbox.WriteAsync(c => c.FindMany([rows[0].Id, rows[1].Id]));
        Assert.Equal(("first edit", OutboxStatus.Sending), (stored[rows[0].Id].Text, stored[rows[0].Id].Status));
        Assert.Equal(T0.AddHours(2), stored[rows[1].Id].NextAttemptAt);
    }

    [Fact]
    public async Task FindContactsReadsTheContactsThatExist()
    {
        var id = await _store.Conversations.NextContactIdAsync();
        await _store.Conversations.WriteAsync(new ConversationWrite
        {
            Inbound = new InboundLogEntry { Id = "telegram:1", Channel = "telegram", ProviderId = "1", Urn = "telegram:5", Text = "hi", Kind = "Text", ReceivedAt = T0 },
            Contact = new Contact { Id = id, Urns = ["telegram:5"], Name = "منى" }, Session = new Session { ContactId = id }, Outbox = [],
        });
        var found = await Outbox.WriteAsync(c => c.FindContacts([id, id + 1000]));
        Assert.Equal("منى", Assert.Single(found).Value.Name);
        Assert.Equal(["telegram:5"], found[id].Urns);
        Assert.Empty(await Outbox.WriteAsync(c => c.FindContacts([])));
    }

    [Fact]
    public async Task ContactStatusesReadsTheStatusOfTheContactsThatExist()
    {
        var id = await _store.Conversations.NextContactIdAsync();
        await _store.Conversations.WriteAsync(new ConversationWrite
        {
            Inbound = new InboundLogEntry { Id = "telegram:1", Channel = "telegram", ProviderId = "1", Urn = "telegram:5", Text = "STOP", Kind = "Text", ReceivedAt = T0 },
            Contact = new Contact { Id = id, Urns = ["telegram:5"], Status = ContactStatus.Stopped }, Session = new Session { ContactId = id }, Outbox = [],
        });
        var found = await Outbox.WriteAsync(c => c.ContactStatuses([id, id + 1000]));
        Assert.Equal(ContactStatus.Stopped, Assert.Single(found).Value);
        Assert.Empty(await Outbox.WriteAsync(c => c.ContactStatuses([])));
    }

    [Fact]
    public async Task AnUpdateStoresTheOneColumnItChangedAndALaterStateChangeKeepsIt()
    {
        var at = T0.AddMinutes(3);
        // One row per column a rule may change besides the delivery state, each changed alone.
        (Action<OutboxMessage> Change, Func<OutboxMessage, object?> Read, object? Expected)[] edits =
        [
            (m => m.ContactId = 8, m => m.ContactId, 8L),
            (m => m.Channel = "sms", m => m.Channel, "sms"),
            (m => m.Urn = "tel:+201001234567", m => m.Urn, "tel:+201001234567"),
            (m => m.Text = "جديد", m => m.Text, "جديد"),
            (m => m.Choices = ["ا"], m => string.Join("|", m.Choices), "ا"),
            (m => m.ChoicesPerRow = 2, m => m.ChoicesPerRow, 2),
            (m => m.Keyboard = KeyboardAction.RequestPhone, m => m.Keyboard, KeyboardAction.RequestPhone),
            (m => m.Language = "en", m => m.Language, "en"),
            (m => m.Priority = OutboxPriority.Reply, m => m.Priority, OutboxPriority.Reply),
            (m => m.Purpose = ReplyPurpose.OptInAnswer, m => m.Purpose, ReplyPurpose.OptInAnswer),
            (m => m.CreatedAt = at, m => m.CreatedAt, at),
            (m => m.GroupId = "g1", m => m.GroupId, "g1"),
            (m => m.InReplyTo = "sms:9", m => m.InReplyTo, "sms:9"),
            (m => m.InboundReceivedAt = at, m => m.InboundReceivedAt, at),
        ];
        var rows = await InsertAsync([.. edits.Select((_, i) => Queued("telegram:" + i, "old"))]);
        await Outbox.WriteAsync(c =>
        {
            for (var i = 0; i < edits.Length; i++)
            {
                var read = c.Find(rows[i].Id)!;
                edits[i].Change(read);
                c.Update(read);
            }
            // Stored before this read; then each row changes in its delivery state only.
            c.QueuedFor("telegram:0");
            for (var i = 0; i < edits.Length; i++)
            {
                var read = c.Find(rows[i].Id)!;
                read.Attempts = 5;
                c.Update(read);
            }
            return 0;
        });
        var stored = await Outbox.WriteAsync(c => c.FindMany([.. rows.Select(r => r.Id)]));
        for (var i = 0; i < edits.Length; i++)
        {
            Assert.Equal(edits[i].Expected, edits[i].Read(stored[rows[i].Id]));
            Assert.Equal(5, stored[rows[i].Id].Attempts);
        }
    }

    [Fact]
    public async Task ConcurrentClaimsOfTheSameRowsClaimEachRowOnce()
    {
        var rows = await InsertAsync([.. Enumerable.Range(0, 40).Select(i => Queued("telegram:" + i, "m" + i))]);
        var ids = rows.Select(r => r.Id).ToList();
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Outbox.WriteAsync(c => c.Claim(ids, T0, T0.AddMinutes(2))))));
        var all = claims.SelectMany(c => c).Select(m => m.Id).ToList();
        Assert.Equal(ids.Order(), all.Order());
    }

    [Fact]
    public async Task AWriteThatThrowsStoresNothing()
    {
        var row = (await InsertAsync(Queued("telegram:1", "x")))[0];
        await Assert.ThrowsAsync<InvalidOperationException>(() => Outbox.WriteAsync<int>(c =>
        {
            c.Claim([row.Id], T0, T0.AddMinutes(2));
            c.Insert(Queued("telegram:2", "y"));
            throw new InvalidOperationException("a rule failed half way");
        }));
        var queued = Assert.Single(await Outbox.QueuedAsync());
        Assert.Equal((row.Id, 0), (queued.Id, queued.Attempts));
    }

    [Fact]
    public async Task FailingWhatIsQueuedForAUrnLeavesOtherUrnsAndSentRows()
    {
        var rows = await InsertAsync(Queued("tel:1", "a"), Queued("tel:1", "b"), Queued("tel:2", "c"));
        await Outbox.WriteAsync(c => c.Claim([rows[0].Id], T0, T0.AddMinutes(2)));
        var failed = await Outbox.WriteAsync(c => OutboxRepository.FailQueuedForUrn(c, "tel:1", "contact_stopped", "STOP"));
        Assert.Equal(["b"], failed.Select(m => m.Text));
        Assert.Equal(["c"], (await Outbox.QueuedAsync()).Select(m => m.Text));
        var stored = await Outbox.WriteAsync(c => c.Find(rows[1].Id));
        Assert.Equal((OutboxStatus.Failed, "contact_stopped", "STOP"), (stored!.Status, stored.ErrorCode, stored.Error));
    }

    [Fact]
    public async Task CountsByStatusArePerGroup()
    {
        var rows = await InsertAsync(Queued("t:1", "a", group: "b1"), Queued("t:2", "b", group: "b1"), Queued("t:3", "c", group: "b2"));
        await Outbox.WriteAsync(c => OutboxRepository.FailQueuedForUrn(c, "t:2", "x", "y"));
        var counts = await Outbox.CountByStatusAsync("b1");
        Assert.Equal(new Dictionary<OutboxStatus, int> { [OutboxStatus.Queued] = 1, [OutboxStatus.Failed] = 1 }, counts);
        Assert.Empty(await Outbox.CountByStatusAsync("none"));
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task ALapsedClaimGivesItsAttemptBackAndTheDuplicateCountOutlivesARestart()
    {
        var rows = await InsertAsync(Queued("t:1", "a"), Queued("t:2", "b"));
        await Outbox.WriteAsync(c => c.Claim(rows.Select(r => r.Id), T0, T0.AddMinutes(2)));
        var recovered = await Outbox.WriteAsync(c => LeaseRecovery.RecoverInFlight(c, T0.AddMinutes(3), maxRecoveries: 10));
        Assert.Equal(2, recovered.Requeued.Count);
        Assert.Equal(2, recovered.PossibleDuplicates);

        await _store.ReopenAsync();
        Assert.Equal(2, await Outbox.PossibleDuplicatesAsync());
        var queued = await Outbox.QueuedAsync();
        Assert.All(queued, m => Assert.Equal((0, 1, "lease_expired"), (m.Attempts, m.Recoveries, m.ErrorCode)));
    }

    [Fact]
    public async Task ADeliveryReportForAnUnknownProviderIdIsKeptAndAppliedOnceARowHasIt()
    {
        var statuses = new OutboxStatusRepository(Outbox);
        Assert.Equal(StatusChange.Kept, (await statuses.ApplyAsync("SM1", OutboxStatus.Delivered, null, T0)).Change);
        var row = (await InsertAsync(Queued("tel:1", "a")))[0];
        await Outbox.WriteAsync(c =>
        {
            var sent = c.Find(row.Id)!;
            sent.Status = OutboxStatus.Sent;
            sent.ProviderId = "SM1";
            c.Update(sent);
            return 0;
        });

        var kept = await statuses.ApplyKeptAsync(T0.AddMinutes(1), TimeSpan.FromDays(1));
        Assert.Equal(1, kept.Done);
        Assert.Equal(OutboxStatus.Delivered, (await Outbox.WriteAsync(c => c.FindByProviderId("SM1")))!.Status);
        Assert.Empty(await Outbox.WriteAsync(c => c.KeptReports()));
        Assert.Equal(StatusChange.Ignored, (await statuses.ApplyAsync("SM1", OutboxStatus.Sent, null, T0)).Change);
    }

    [Fact]
    public async Task AClosedWhatsAppWindowIsRemembered()
    {
        Assert.Null(await Outbox.WhatsAppWindowClosedAtAsync("whatsapp:+201001234567"));
        // Microseconds: PostgreSQL's timestamptz keeps no finer time.
        await Outbox.WriteAsync(c => { c.CloseWhatsAppWindow("whatsapp:+201001234567", T0.AddTicks(70)); return 0; });
        await _store.ReopenAsync();
        Assert.Equal(T0.AddTicks(70), await Outbox.WhatsAppWindowClosedAtAsync("whatsapp:+201001234567"));
    }

    [Fact]
    public async Task BlockingAContactTouchesOnlyAnActiveOneAndMakesAStepOnTheOldReadStale()
    {
        var id = await _store.Conversations.NextContactIdAsync();
        var contact = new Contact { Id = id, Urns = ["telegram:5"] };
        await _store.Conversations.WriteAsync(new ConversationWrite
        {
            Inbound = new InboundLogEntry { Id = "telegram:1", Channel = "telegram", ProviderId = "1", Urn = "telegram:5", Text = "hi", Kind = "Text", ReceivedAt = T0 },
            Contact = contact, Session = new Session { ContactId = id }, Outbox = [],
        });
        var read = await _store.Conversations.LoadAsync("telegram:5");

        await Outbox.WriteAsync(c => { c.BlockContact(id); return 0; });
        Assert.Equal(ContactStatus.Blocked, (await Outbox.WriteAsync(c => c.FindContacts([id])))[id].Status);
        Assert.Equal(ContactStatus.Blocked, (await Outbox.WriteAsync(c => c.ContactStatuses([id])))[id]);
        Assert.Equal(ContactStatus.Blocked, (await _store.Conversations.LoadAsync("telegram:5")).Contact!.Status);

        var step = read.Contact!.Clone();
        step.Name = "from the old read";
        var write = await _store.Conversations.WriteAsync(new ConversationWrite
        {
            Inbound = new InboundLogEntry { Id = "telegram:2", Channel = "telegram", ProviderId = "2", Urn = "telegram:5", Text = "x", Kind = "Text", ReceivedAt = T0 },
            Contact = step, Session = read.Session!, Outbox = [], ReadAs = read.Contact, ReadVersion = read.ContactVersion, KnownUrns = read.Contact.Urns,
        });
        Assert.Equal(WriteOutcome.Stale, write.Outcome);
    }
}

public sealed class LiteOutboxStoreTests : OutboxStoreContract
{
    protected override Task<IStoreUnderTest> CreateAsync() => Task.FromResult<IStoreUnderTest>(new LiteStoreUnderTest());
}

public sealed class PgOutboxStoreTests : OutboxStoreContract
{
    protected override async Task<IStoreUnderTest> CreateAsync() => await PgStoreUnderTest.CreateAsync();
}
