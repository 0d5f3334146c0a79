using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests.Contract;

/// <summary>ConversationStoreContract: what every <see cref="IConversationStore"/> must do; run on LiteDB and on PostgreSQL.</summary>
public abstract class ConversationStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private IStoreUnderTest _store = null!;

    protected abstract Task<IStoreUnderTest> CreateAsync();

    public async Task InitializeAsync() => _store = await CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private IConversationStore Store => _store.Conversations;

    /// <summary>StepAsync does what the pipeline does: read, change the contact as a step would, write.</summary>
    private async Task<ConversationWriteResult> StepAsync(string urn, string providerId, Action<Contact>? change = null, string channel = "sim",
        params string[] replies)
    {
        var snapshot = await Store.LoadAsync(urn);
        var contact = snapshot.Contact?.Clone() ?? new Contact { Id = await Store.NextContactIdAsync(), Urns = [urn], CreatedAt = T0, LastSeenAt = T0 };
        change?.Invoke(contact);
        return await Store.WriteAsync(Write(snapshot, contact, urn, providerId, channel, replies));
    }

    private static ConversationWrite Write(ConversationSnapshot snapshot, Contact contact, string urn, string providerId, string channel, string[] replies) => new()
    {
        Inbound = new InboundLogEntry
        {
            Id = InboundLogEntry.KeyOf(channel, providerId), Channel = channel, ProviderId = providerId, ContactId = contact.Id,
            Urn = urn, Text = "text of " + providerId, Kind = "Text", ReceivedAt = T0,
        },
        Contact = contact,
        Session = snapshot.Session?.Clone() ?? new Session { ContactId = contact.Id, Flow = "signup", State = "Name", UpdatedAt = T0 },
        Outbox = [.. replies.Select(r => new OutboxMessage
        {
            Channel = channel, Urn = urn, Text = r, Status = OutboxStatus.Queued, CreatedAt = T0, NextAttemptAt = T0,
            InReplyTo = InboundLogEntry.KeyOf(channel, providerId), Choices = ["1", "2"],
        })],
        KnownUrns = snapshot.Contact?.Urns ?? [],
        KnownPhone = snapshot.Contact?.Phone,
        ReadAs = snapshot.Contact,
        ReadVersion = snapshot.ContactVersion,
    };

    [Fact]
    public async Task AWriteIsReadBackWholeAndGivesItsRepliesIds()
    {
        var at = new DateTimeOffset(2026, 11, 29, 10, 15, 30, TimeSpan.Zero).AddTicks(1234567);
        var result = await StepAsync("sim:alice", "m1", c =>
        {
            c.Name = "منى علي";
            c.Interests = ["health", "teaching"];
            c.Consent = new ConsentRecord { Accepted = true, At = at, TextVersion = "2026-11", Channel = "sim" };
        }, replies: ["أهلا", "ما اسمك؟"]);

        Assert.Equal(WriteOutcome.Stored, result.Outcome);
        var read = await Store.LoadAsync("sim:alice");
        Assert.Equal(result.ContactId, read.Contact!.Id);
        Assert.Equal("منى علي", read.Contact.Name);
        Assert.Equal(["health", "teaching"], read.Contact.Interests);
        Assert.Equal(at, read.Contact.Consent!.At);
        Assert.Equal(at.UtcTicks, read.Contact.Consent.At.UtcTicks);
        Assert.Equal("Name", read.Session!.State);
        var outbox = await _store.OutboxAsync();
        Assert.Equal(["أهلا", "ما اسمك؟"], outbox.Select(m => m.Text));
        Assert.All(outbox, m => Assert.True(m.Id > 0));
        Assert.All(outbox, m => Assert.Equal(result.ContactId, m.ContactId));
        Assert.Equal(["1", "2"], outbox[0].Choices);
        Assert.Null(await Store.LoadAsync("sim:bob") is { Contact: null } ? null : "bob");
    }

    [Fact]
    public async Task AParkedFlowAndAPendingOfferAreReadBackWhole()
    {
        var contact = new Contact { Id = await Store.NextContactIdAsync(), Urns = ["sim:parker"], CreatedAt = T0, LastSeenAt = T0 };
        var write = Write(await Store.LoadAsync("sim:parker"), contact, "sim:parker", "p1", "sim", []);
        write.Session.Flow = "poll";
        write.Session.Parked.Add(new ParkedFlow { Flow = "signup", State = "Governorate", Answers = { ["name"] = "منى علي" }, ParkedAt = T0 });
        write.Session.Offer = new FlowOffer { Flow = "signup", Resume = true };

        Assert.Equal(WriteOutcome.Stored, (await Store.WriteAsync(write)).Outcome);

        var read = (await Store.LoadAsync("sim:parker")).Session!;
        var parked = Assert.Single(read.Parked);
        Assert.Equal(("signup", "Governorate", "منى علي", T0), (parked.Flow, parked.State, parked.Answers["name"], parked.ParkedAt));
        Assert.Equal(("signup", true), (read.Offer!.Flow, read.Offer.Resume));
    }

    [Fact]
    public async Task ARedeliveryStoresNothingAndHandsBackTheRepliesStillQueued()
    {
        var first = await StepAsync("sim:alice", "m1", replies: ["hi"]);
        var again = await StepAsync("sim:alice", "m1", c => c.Name = "changed", replies: ["hi"]);

        Assert.Equal(WriteOutcome.Redelivery, again.Outcome);
        Assert.Equal(first.ContactId, again.ContactId);
        Assert.Equal("hi", Assert.Single(again.StillQueued).Text);
        Assert.Single(await _store.OutboxAsync());
        Assert.Single(await _store.InboundAsync());
        Assert.Null((await Store.LoadAsync("sim:alice")).Contact!.Name);
    }

    [Fact]
    public async Task TheSameProviderIdOnAnotherChannelIsAnotherMessage()
    {
        await StepAsync("sim:alice", "42");
        var other = await StepAsync("telegram:9", "42", channel: "telegram");
        Assert.Equal(WriteOutcome.Stored, other.Outcome);
        Assert.Equal(2, (await _store.InboundAsync()).Count);
    }

    [Fact]
    public async Task AWriteFromAStaleReadStoresNothing()
    {
        await StepAsync("sim:alice", "m1");
        var staleRead = await Store.LoadAsync("sim:alice");
        await StepAsync("sim:alice", "m2", c => c.Name = "first");

        var contact = staleRead.Contact!.Clone();
        contact.Name = "second";
        var result = await Store.WriteAsync(Write(staleRead, contact, "sim:alice", "m3", "sim", []));

        Assert.Equal(WriteOutcome.Stale, result.Outcome);
        Assert.Equal("first", (await Store.LoadAsync("sim:alice")).Contact!.Name);
        Assert.DoesNotContain(await _store.InboundAsync(), e => e.Id == "sim:m3");
    }

    [Fact]
    public async Task ANewContactForAUrnThatGotAnOwnerMeanwhileIsStale()
    {
        var empty = await Store.LoadAsync("sim:alice");
        await StepAsync("sim:alice", "m1");
        var late = new Contact { Id = await Store.NextContactIdAsync(), Urns = ["sim:alice"] };
        Assert.Equal(WriteOutcome.Stale, (await Store.WriteAsync(Write(empty, late, "sim:alice", "m2", "sim", []))).Outcome);
        Assert.Single(await _store.ContactIdsAsync());
    }

    [Fact]
    public async Task AVouchedPhoneMergesIntoTheOlderContactWithItsHistoryAndAStopStays()
    {
        const string phone = "+201001234567";
        var sms = await StepAsync("tel:" + phone, "s1", c => { c.Phone = phone; c.Name = "منى"; c.Status = ContactStatus.Stopped; }, "sms", "stopped");
        var telegram = await StepAsync("telegram:9", "t1", channel: "telegram", replies: ["name?"]);
        var merged = await StepAsync("telegram:9", "t2", c => { c.Phone = phone; c.Name = "Mona"; }, "telegram", "thanks");

        Assert.Equal(WriteOutcome.Stored, merged.Outcome);
        Assert.Equal(sms.ContactId, merged.ContactId);
        Assert.Equal([sms.ContactId], await _store.ContactIdsAsync());
        var survivor = (await Store.LoadAsync("telegram:9")).Contact!;
        Assert.Equal(sms.ContactId, survivor.Id);
        Assert.Equal("منى", survivor.Name);
        Assert.Equal(ContactStatus.Stopped, survivor.Status);
        Assert.Equal(["tel:" + phone, "telegram:9"], survivor.Urns.Order(StringComparer.Ordinal));
        // The SMS URN's last read was of the survivor before the merge: it reads the merged contact now.
        var bySms = (await Store.LoadAsync("tel:" + phone)).Contact!;
        Assert.Equal(["tel:" + phone, "telegram:9"], bySms.Urns.Order(StringComparer.Ordinal));
        Assert.All(await _store.InboundAsync(), e => Assert.Equal(sms.ContactId, e.ContactId));
        Assert.All(await _store.OutboxAsync(), m => Assert.Equal(sms.ContactId, m.ContactId));
        Assert.True(await Store.NextContactIdAsync() > telegram.ContactId, "the merged-away id would be handed out again");
    }

    [Fact]
    public async Task AContactChangedOutsideAConversationWriteIsReadBackChanged()
    {
        var first = await StepAsync("sim:alice", "m1", c => c.Name = "Alice");
        Assert.Equal(ContactStatus.Active, (await Store.LoadAsync("sim:alice")).Contact!.Status);

        await _store.Outbox.WriteAsync(changes => { changes.BlockContact(first.ContactId); return true; });

        var read = await Store.LoadAsync("sim:alice");
        Assert.Equal(ContactStatus.Blocked, read.Contact!.Status);
        Assert.Equal("Alice", read.Contact.Name);
        // The next step starts from the blocked contact, so the block is kept.
        var next = await StepAsync("sim:alice", "m2", c => c.Name = "Alice B");
        Assert.Equal(WriteOutcome.Stored, next.Outcome);
        Assert.Equal(ContactStatus.Blocked, (await Store.LoadAsync("sim:alice")).Contact!.Status);
    }

    [Fact]
    public async Task ManyReadsAtOnceEachGetTheirOwnConversation()
    {
        // Reads at the same moment may share a round trip: each must still get its own contact, or none.
        for (var i = 0; i < 40; i++) await StepAsync("sim:c" + i, "m" + i, c => c.Name = "name " + i);
        var blocked = (await StepAsync("sim:blocked", "b1", c => c.Name = "blocked")).ContactId;
        await _store.Outbox.WriteAsync(changes => { changes.BlockContact(blocked); return true; });

        var urns = Enumerable.Range(0, 40).Select(i => "sim:c" + i).Concat(["sim:nobody", "sim:blocked", "sim:c7"]).ToList();
        var reads = await Task.WhenAll(urns.Select(u => Task.Run(() => Store.LoadAsync(u))));

        for (var i = 0; i < 40; i++) Assert.Equal("name " + i, reads[i].Contact!.Name);
        Assert.Null(reads[40].Contact);
        Assert.Equal(ContactStatus.Blocked, reads[41].Contact!.Status);
        Assert.Equal("name 7", reads[42].Contact!.Name);
        Assert.NotSame(reads[7].Contact, reads[42].Contact);
    }

    [Fact]
    public async Task ATypedPhoneClaimsNoUrnAndMergesNothing()
    {
        const string phone = "+201001234567";
        await StepAsync("tel:" + phone, "s1", c => c.Phone = phone, "sms");
        await StepAsync("telegram:9", "t1", c => c.UnverifiedPhone = phone, "telegram");
        Assert.Equal(2, (await _store.ContactIdsAsync()).Count);
        Assert.Equal(["telegram:9"], (await Store.LoadAsync("telegram:9")).Contact!.Urns);
    }

    [Fact]
    public async Task AStopFailsWhatIsQueuedButTheStopsOwnConfirmation()
    {
        await StepAsync("sim:alice", "m1", replies: ["earlier reply"]);
        await StepAsync("sim:alice", "m2", c => c.Status = ContactStatus.Stopped, replies: ["you are unsubscribed"]);

        var outbox = await _store.OutboxAsync();
        Assert.Equal(OutboxStatus.Failed, outbox.Single(m => m.Text == "earlier reply").Status);
        Assert.Equal("contact_stopped", outbox.Single(m => m.Text == "earlier reply").ErrorCode);
        Assert.Equal(OutboxStatus.Queued, outbox.Single(m => m.Text == "you are unsubscribed").Status);
    }

    [Fact]
    public async Task AMessageWithNulCharactersIsStoredAndItsRedeliveryRecognised()
    {
        var first = await StepAsync("sim:alice", "id\0nul", c => c.Name = "a\0b", replies: ["echo \0"]);
        Assert.Equal(WriteOutcome.Stored, first.Outcome);
        Assert.Equal(WriteOutcome.Redelivery, (await StepAsync("sim:alice", "id\0nul")).Outcome);
        var name = (await Store.LoadAsync("sim:alice")).Contact!.Name!;
        // Kept as is where the store can; PostgreSQL cannot hold U+0000 and keeps U+2400 (␀) in its place.
        Assert.Contains(name, new[] { "a\0b", "a\u2400b" });
        Assert.Single(await _store.OutboxAsync());
    }

    [Fact]
    public async Task EverythingOutlivesARestartAndIdsKeepGrowing()
    {
        var first = await StepAsync("sim:alice", "m1", c => c.Name = "Alice", replies: ["hi"]);
        await _store.ReopenAsync();
        Assert.Equal("Alice", (await Store.LoadAsync("sim:alice")).Contact!.Name);
        Assert.Equal(WriteOutcome.Redelivery, (await StepAsync("sim:alice", "m1")).Outcome);
        Assert.True(await Store.NextContactIdAsync() > first.ContactId);
    }
}

public sealed class LiteConversationStoreTests : ConversationStoreContract
{
    protected override Task<IStoreUnderTest> CreateAsync() => Task.FromResult<IStoreUnderTest>(new LiteStoreUnderTest());
}

public sealed class PgConversationStoreTests : ConversationStoreContract
{
    protected override async Task<IStoreUnderTest> CreateAsync() => await PgStoreUnderTest.CreateAsync();
}
