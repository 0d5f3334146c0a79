using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>ContactMergeTests: only a vouched or proven phone merges; a merge keeps the older record's answers, its STOP and the simulator mark.</summary>
public sealed class ContactMergeTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private const string Number = "+201001234567";
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private Task<bool> WriteAsync(Contact contact, string providerId, Contact? readAs = null) =>
        _db.Writer.WriteAsync(new ConversationWrite
        {
            ReadAs = readAs,
            ReadVersion = readAs is null ? 0 : _db.Read(s => s.ContactVersions.Of(readAs.Id)),
            KnownPhone = readAs?.Phone,
            Inbound = new InboundLogEntry { Id = InboundLogEntry.KeyOf("sim", providerId), Channel = "sim", ProviderId = providerId, Urn = contact.Urns[0], ReceivedAt = T0 },
            Contact = contact,
            Session = new Session { ContactId = contact.Id },
            Outbox = [],
        }.Apply);

    private async Task<Contact> StoppedSmsVolunteerAsync()
    {
        var volunteer = new Contact
        {
            Id = 1, Urns = ["tel:" + Number], Phone = Number, Name = "منى سعيد", Village = "دير مواس", Interests = ["wai"],
            Status = ContactStatus.Stopped, VolunteerNumber = "10011", RegisteredAt = T0, CreatedAt = T0, LastSeenAt = T0,
        };
        await WriteAsync(volunteer, "sms1");
        return volunteer;
    }

    [Fact]
    public async Task ATypedUnverifiedNumberClaimsNoTelUrnAndMergesWithNobody()
    {
        await StoppedSmsVolunteerAsync();
        var typist = new Contact { Id = 2, Urns = ["sim:bob"], CreatedAt = T0, LastSeenAt = T0 };
        await WriteAsync(typist, "b1");
        var typed = typist.Clone();
        typed.UnverifiedPhone = Number;
        typed.Name = "بوب";
        await WriteAsync(typed, "b2", readAs: typist);

        Assert.Equal(2, _db.Read(s => s.Contacts.Count()));
        var volunteer = _db.Read(s => s.Contacts.FindById(1));
        Assert.Equal(ContactStatus.Stopped, volunteer.Status);
        Assert.Equal("منى سعيد", volunteer.Name);
        Assert.Equal(["sim:bob"], _db.Read(s => s.Contacts.FindById(2)).Urns);
        Assert.Equal(1, _db.Read(s => ContactRepository.FindByUrn(s, "tel:" + Number))!.Id);
    }

    [Fact]
    public async Task AProvenMergeKeepsTheOlderRecordsAnswersAndItsStop()
    {
        await StoppedSmsVolunteerAsync();
        var typist = new Contact { Id = 2, Urns = ["sim:bob"], IsSimulated = true, CreatedAt = T0.AddDays(1), LastSeenAt = T0.AddDays(1) };
        await WriteAsync(typist, "b1");
        var proven = typist.Clone();
        proven.Phone = Number;
        proven.Name = "اسم تاني خالص";
        proven.Village = "ملوي";
        proven.AgeBand = "25-34";
        proven.LastSeenAt = T0.AddDays(1).AddMinutes(5);
        await WriteAsync(proven, "b2", readAs: typist);

        var merged = Assert.Single(_db.Read(s => s.Contacts.FindAll().ToList()));
        Assert.Equal(1, merged.Id);
        Assert.Equal(["sim:bob", "tel:" + Number], merged.Urns.Order());
        Assert.Equal("منى سعيد", merged.Name);
        Assert.Equal("دير مواس", merged.Village);
        Assert.Equal("25-34", merged.AgeBand); // a gap the older record had is filled
        Assert.Equal(["wai"], merged.Interests);
        Assert.Equal(ContactStatus.Stopped, merged.Status);
        Assert.Equal("10011", merged.VolunteerNumber);
        Assert.True(merged.IsSimulated);
    }

    [Fact]
    public async Task AMergeDecidedFromAnOwnerThatChangedSinceItWasReadStoresNothing()
    {
        var owner = new Contact { Id = 1, Urns = ["tel:" + Number], Phone = Number, CreatedAt = T0, LastSeenAt = T0 };
        await WriteAsync(owner, "sms1");
        var typist = new Contact { Id = 2, Urns = ["sim:bob"], CreatedAt = T0, LastSeenAt = T0 };
        await WriteAsync(typist, "b1");
        var ownerVersion = _db.Read(s => s.ContactVersions.Of(1));
        var stopped = owner.Clone();
        stopped.Status = ContactStatus.Stopped;
        await WriteAsync(stopped, "sms2", readAs: owner); // the owner sends STOP meanwhile

        var proven = typist.Clone();
        proven.Phone = Number;
        var write = new ConversationWrite
        {
            ReadAs = typist,
            ReadVersion = _db.Read(s => s.ContactVersions.Of(2)),
            PhoneOwnerRead = (1, ownerVersion),
            Inbound = new InboundLogEntry { Id = InboundLogEntry.KeyOf("sim", "b2"), Channel = "sim", ProviderId = "b2", Urn = "sim:bob", ReceivedAt = T0 },
            Contact = proven,
            Session = new Session { ContactId = 2 },
            Outbox = [],
        };
        Assert.False(await _db.Writer.WriteAsync(write.Apply));
        Assert.True(write.Stale);
        Assert.Equal(2, _db.Read(s => s.Contacts.Count()));
    }
}
