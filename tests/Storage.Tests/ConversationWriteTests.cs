using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

public sealed class ConversationWriteTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    /// <summary>Stamps taken when a test "reads" a contact, for writes computed from that read.</summary>
    private readonly Dictionary<long, long> _versionsAtRead = [];

    private ConversationWrite Write(Contact contact, string providerId, string urn, params string[] replies) =>
        Write(contact, readAs: null, providerId, urn, replies);

    private ConversationWrite Write(Contact contact, Contact? readAs, string providerId, string urn, params string[] replies) => new()
    {
        ReadAs = readAs,
        // As the pipeline does, the stamp is the one current when the contact was read.
        ReadVersion = readAs is null ? 0 : _versionsAtRead.GetValueOrDefault(readAs.Id, _db.Read(s => s.ContactVersions.Of(readAs.Id))),
        Inbound = new InboundLogEntry { Id = InboundLogEntry.KeyOf("sim", providerId), Channel = "sim", ProviderId = providerId, Urn = urn, ReceivedAt = T0 },
        Contact = contact,
        Session = new Session { ContactId = contact.Id, Flow = "signup", State = "Name" },
        Outbox = [.. replies.Select(r => new OutboxMessage { Urn = urn, Text = r, Channel = "sim" })],
    };

    [Fact]
    public async Task TheSameInboundIsStoredOnce()
    {
        var contact = new Contact { Id = 1, Urns = ["sim:alice"] };
        Assert.True(await _db.Writer.WriteAsync(Write(contact, "m1", "sim:alice", "hi").Apply));
        Assert.False(await _db.Writer.WriteAsync(Write(contact, "m1", "sim:alice", "hi").Apply));
        Assert.Equal(1, _db.Read(s => s.Outbox.Count()));
        Assert.Equal(1, _db.Read(s => s.Inbound.Count()));
    }

    [Fact]
    public async Task ContactsAreFoundByAnyOfTheirUrns()
    {
        await _db.Writer.WriteAsync(Write(new Contact { Id = 7, Urns = ["telegram:5", "tel:+201001234567"] }, "m1", "telegram:5").Apply);
        var repo = new ContactRepository(_db.Writer);
        Assert.Equal(7, (await repo.FindByUrnAsync("tel:+201001234567"))!.Id);
        Assert.Equal(7, (await repo.FindByUrnAsync("telegram:5"))!.Id);
        Assert.Null(await repo.FindByUrnAsync("telegram:6"));
        Assert.Equal(7, await repo.MaxIdAsync());
    }

    [Fact]
    public async Task APhoneGivenOnTelegramMergesWithTheContactWhoSignedUpBySms()
    {
        var sms = new Contact { Id = 1, Urns = ["tel:+201001234567"], Phone = "+201001234567", Name = "منى علي", VolunteerNumber = "10011", LastSeenAt = T0 };
        await _db.Writer.WriteAsync(Write(sms, "sms1", "tel:+201001234567", "welcome").Apply);
        var telegram = new Contact { Id = 2, Urns = ["telegram:99"], LastSeenAt = T0 };
        await _db.Writer.WriteAsync(Write(telegram, "tg1", "telegram:99", "name?").Apply);

        Assert.Equal(2, (await new ContactRepository(_db.Writer).FindByUrnAsync("telegram:99"))!.Id);
        var withPhone = telegram.Clone();
        withPhone.Phone = "+201001234567";
        withPhone.LastSeenAt = T0.AddMinutes(5);
        await _db.Writer.WriteAsync(Write(withPhone, readAs: telegram, "tg2", "telegram:99", "age?").Apply);

        var merged = Assert.Single(_db.Read(s => s.Contacts.FindAll().ToList()));
        Assert.Equal(1, merged.Id);
        Assert.Equal(["tel:+201001234567", "telegram:99"], merged.Urns.Order());
        Assert.Equal("منى علي", merged.Name);
        Assert.Equal("10011", merged.VolunteerNumber);
        Assert.All(_db.Read(s => s.Inbound.FindAll().ToList()), e => Assert.Equal(1, e.ContactId));
        Assert.Equal(3, _db.Read(s => s.Inbound.Count()));
        Assert.All(_db.Read(s => s.Outbox.FindAll().ToList()), m => Assert.Equal(1, m.ContactId));
        Assert.Equal(3, _db.Read(s => s.Outbox.Count()));
        Assert.Equal("signup", (await new SessionRepository(_db.Writer).GetAsync(1)).Flow);
        Assert.Null(_db.Read(s => s.Sessions.FindById(2)));
        // The URN cache had telegram:99 → 2; the merge must not leave it pointing at the deleted contact.
        Assert.Equal(1, (await new ContactRepository(_db.Writer).FindByUrnAsync("telegram:99"))!.Id);
    }

    [Fact]
    public async Task APhoneNobodyElseHasBecomesATelUrnOfTheContact()
    {
        var contact = new Contact { Id = 3, Urns = ["telegram:1"], Phone = "+201221234567" };
        await _db.Writer.WriteAsync(Write(contact, "m1", "telegram:1").Apply);
        Assert.Contains("tel:+201221234567", _db.Read(s => s.Contacts.FindById(3).Urns));
    }

    [Fact]
    public async Task AWriteComputedFromAContactThatChangedSinceItWasReadStoresNothing()
    {
        var stored = new Contact { Id = 4, Urns = ["sim:dina"], Name = "دينا" };
        await _db.Writer.WriteAsync(Write(stored, "m1", "sim:dina").Apply);
        var readAs = stored.Clone();
        _versionsAtRead[4] = _db.Read(s => s.ContactVersions.Of(4));
        var changed = stored.Clone();
        changed.Status = ContactStatus.Stopped;
        await _db.Writer.WriteAsync(Write(changed, readAs, "m2", "sim:dina").Apply);

        var stale = Write(readAs.Clone(), readAs, "m3", "sim:dina", "reply");
        Assert.False(await _db.Writer.WriteAsync(stale.Apply));
        Assert.True(stale.Stale);
        Assert.Equal(ContactStatus.Stopped, _db.Read(s => s.Contacts.FindById(4)).Status);
        Assert.Null(_db.Read(s => s.Inbound.FindById(InboundLogEntry.KeyOf("sim", "m3"))));
        Assert.Equal(0, _db.Read(s => s.Outbox.Count()));

        _versionsAtRead[4] = _db.Read(s => s.ContactVersions.Of(4)); // read again, as the pipeline does after a stale write
        var fresh = Write(changed.Clone(), changed, "m3", "sim:dina", "reply");
        Assert.True(await _db.Writer.WriteAsync(fresh.Apply));
        Assert.False(fresh.Stale);
    }

    [Fact]
    public async Task AContactStoredWithAFieldNoLongerKnownIsNotTakenForChanged()
    {
        var contact = new Contact { Id = 5, Urns = ["sim:hoda"] };
        await _db.Writer.WriteAsync(Write(contact, "m1", "sim:hoda").Apply);
        // A document written by an older version of Contact, with a field since removed.
        await _db.Writer.WriteAsync(s =>
        {
            var doc = s.Database.GetCollection("contacts").FindById(5);
            doc["RetiredField"] = "x";
            s.Database.GetCollection("contacts").Update(doc);
        });
        var readAs = _db.Read(s => s.Contacts.FindById(5));

        var write = Write(readAs.Clone(), readAs, "m2", "sim:hoda", "reply");
        Assert.True(await _db.Writer.WriteAsync(write.Apply));
        Assert.False(write.Stale);
    }

    [Fact]
    public async Task AUrnHintLeftByARolledBackWriteIsNotBelieved()
    {
        var contact = new Contact { Id = 6, Urns = ["sim:nour"] };
        await _db.Writer.WriteAsync(Write(contact, "m1", "sim:nour").Apply);
        // The write gives the contact a new URN (and the cache its hint), then fails and is rolled back.
        var failing = _db.Writer.WriteAsync(s =>
        {
            var withTel = contact.Clone();
            withTel.Urns.Add("tel:+201111111111");
            ContactRepository.Save(s, withTel);
            throw new InvalidOperationException("fails after saving");
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        Assert.Null(await new ContactRepository(_db.Writer).FindByUrnAsync("tel:+201111111111"));
        Assert.Equal(6, (await new ContactRepository(_db.Writer).FindByUrnAsync("sim:nour"))!.Id);
    }
}
