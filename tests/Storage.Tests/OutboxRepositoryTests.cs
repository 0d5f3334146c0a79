using OutreachBot.Storage.Tests.Support;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>OutboxRepositoryTests: claims, urn-wide failure and group counts on a real LiteDB file.</summary>
public sealed class OutboxRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private static OutboxMessage Message(string urn, OutboxStatus status = OutboxStatus.Queued, DateTimeOffset? due = null, string? group = null) => new()
    {
        ContactId = 1, Channel = "sms", Urn = urn, Text = "نص", Status = status, Priority = OutboxPriority.Bulk,
        CreatedAt = Now, NextAttemptAt = due ?? Now, GroupId = group,
    };

    private async Task<long[]> Insert(params OutboxMessage[] messages) =>
        [.. (await _db.Outbox.WriteAsync(c => c.InsertAll(messages))).Select(m => m.Id)];

    [Fact]
    public async Task ClaimTakesOnlyQueuedDueMessagesAndLeasesThemDurably()
    {
        var ids = await Insert(Message("tel:1"), Message("tel:2", due: Now.AddMinutes(1)), Message("tel:3", OutboxStatus.Sent));

        var claimed = await _db.Outbox.WriteAsync(c => c.Claim(ids, Now, Now.AddMinutes(2)));
        _db.Reopen();

        Assert.Equal([ids[0]], claimed.Select(m => m.Id));
        var stored = _db.Read(s => s.Outbox.FindById(ids[0]));
        Assert.Equal(OutboxStatus.Sending, stored.Status);
        Assert.Equal(Now.AddMinutes(2), stored.LeaseUntil);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(OutboxStatus.Queued, _db.Read(s => s.Outbox.FindById(ids[1]).Status));
    }

    [Fact]
    public async Task FailQueuedForUrnFailsOnlyThatUrnsWaitingMessages()
    {
        var ids = await Insert(Message("tel:1"), Message("tel:1"), Message("tel:1", OutboxStatus.Sent), Message("tel:2"));

        var failed = await _db.Outbox.WriteAsync(c => OutboxRepository.FailQueuedForUrn(c, "tel:1", "contact_stopped", "STOP"));

        Assert.Equal([ids[0], ids[1]], failed.Select(m => m.Id).Order());
        Assert.Equal("STOP", _db.Read(s => s.Outbox.FindById(ids[0]).Error));
        Assert.Equal(OutboxStatus.Sent, _db.Read(s => s.Outbox.FindById(ids[2]).Status));
        Assert.Equal(OutboxStatus.Queued, _db.Read(s => s.Outbox.FindById(ids[3]).Status));
    }

    [Fact]
    public async Task GroupCountsAreGivenPerStatus()
    {
        await Insert(Message("tel:1", group: "b1"), Message("tel:2", group: "b1"), Message("tel:3", OutboxStatus.Sent, group: "b1"),
            Message("tel:4", OutboxStatus.Failed, group: "b1"), Message("tel:5", group: "b2"));

        var counts = await _db.Outbox.CountByStatusAsync("b1");

        Assert.Equal(2, counts[OutboxStatus.Queued]);
        Assert.Equal(1, counts[OutboxStatus.Sent]);
        Assert.Equal(1, counts[OutboxStatus.Failed]);
        Assert.Equal(3, counts.Count);
    }

    [Fact]
    public async Task BlockContactMarksItBlocked()
    {
        await _db.Writer.WriteAsync(s => s.Contacts.Insert(new Contact { Id = 5, Urns = ["tel:5"] }));

        await _db.Outbox.WriteAsync(c => { c.BlockContact(5); return 0; });

        Assert.Equal(ContactStatus.Blocked, _db.Read(s => s.Contacts.FindById(5L).Status));
    }

    [Fact]
    public async Task BlockContactNeverTurnsAStoppedContactBlocked()
    {
        // Blocked is lifted by any message the person sends; Stopped only by START. A refusal must not trade one for the other.
        await _db.Writer.WriteAsync(s => s.Contacts.Insert(new Contact { Id = 5, Urns = ["tel:5"], Status = ContactStatus.Stopped }));

        await _db.Outbox.WriteAsync(c => { c.BlockContact(5); return 0; });

        Assert.Equal(ContactStatus.Stopped, _db.Read(s => s.Contacts.FindById(5L).Status));
    }
}
