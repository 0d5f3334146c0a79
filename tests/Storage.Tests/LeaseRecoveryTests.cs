using OutreachBot.Storage.Tests.Support;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>LeaseRecoveryTests: lapsed claims are queued again without using up an attempt, counted durably, and given up past the cap.</summary>
public sealed class LeaseRecoveryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private const int Cap = 10;
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private static OutboxMessage Message(string urn) => new()
    {
        ContactId = 1, Channel = "sms", Urn = urn, Text = "نص", Status = OutboxStatus.Queued, Priority = OutboxPriority.Bulk,
        CreatedAt = Now, NextAttemptAt = Now,
    };

    private async Task<long[]> Insert(params OutboxMessage[] messages) =>
        [.. (await _db.Outbox.WriteAsync(c => c.InsertAll(messages))).Select(m => m.Id)];

    [Fact]
    public async Task ClaimedMessagesLeftAfterARestartAreRequeuedWhenTheirLeaseEnds()
    {
        var ids = await Insert(Message("tel:1"), Message("tel:2"));
        await _db.Outbox.WriteAsync(c => c.Claim(ids, Now, Now.AddMinutes(2)));
        _db.Reopen();

        var recovered = await _db.Outbox.WriteAsync(c => LeaseRecovery.RecoverInFlight(c, Now.AddSeconds(30), Cap));

        Assert.Equal(2, recovered.Requeued.Count);
        var queued = await _db.Outbox.QueuedAsync();
        Assert.Equal(ids, queued.Select(m => m.Id));
        Assert.All(queued, m => Assert.Equal(Now.AddMinutes(2), m.NextAttemptAt));
        Assert.All(queued, m => Assert.Null(m.LeaseUntil));
    }

    [Fact]
    public async Task WhileRunningOnlyClaimsWhoseLeaseEndedAndThatAreNotInFlightAreRequeued()
    {
        var ids = await Insert(Message("tel:1"), Message("tel:2"), Message("tel:3"));
        await _db.Outbox.WriteAsync(c => c.Claim(ids[..2], Now, Now.AddMinutes(2)));
        await _db.Outbox.WriteAsync(c => c.Claim(ids[2..], Now.AddMinutes(1), Now.AddMinutes(3)));

        var early = await _db.Outbox.WriteAsync(c => LeaseRecovery.RecoverExpired(c, Now.AddMinutes(2).AddTicks(-1), _ => false, Cap));
        var recovered = await _db.Outbox.WriteAsync(c => LeaseRecovery.RecoverExpired(c, Now.AddMinutes(2), id => id == ids[1], Cap));

        Assert.Empty(early.Requeued);
        Assert.Equal([ids[0]], recovered.Requeued.Select(m => m.Id));
        var requeued = _db.Read(s => s.Outbox.FindById(ids[0]));
        Assert.Equal((OutboxStatus.Queued, Now.AddMinutes(2), "lease_expired"), (requeued.Status, requeued.NextAttemptAt, requeued.ErrorCode));
        Assert.Equal(OutboxStatus.Sending, _db.Read(s => s.Outbox.FindById(ids[1]).Status));
        Assert.Equal(OutboxStatus.Sending, _db.Read(s => s.Outbox.FindById(ids[2]).Status));
    }

    [Fact]
    public async Task ARecoveredClaimGivesBackItsAttemptAndIsMarkedAsAPossibleDuplicateThatOutlivesAReopen()
    {
        var ids = await Insert(Message("tel:1"), Message("tel:2"));
        await _db.Outbox.WriteAsync(c => c.Claim(ids, Now, Now.AddMinutes(2)));
        await _db.Outbox.WriteAsync(c => LeaseRecovery.RecoverInFlight(c, Now, Cap));
        await _db.Outbox.WriteAsync(c => c.Claim(ids[..1], Now.AddMinutes(2), Now.AddMinutes(4)));
        var second = await _db.Outbox.WriteAsync(c => LeaseRecovery.RecoverExpired(c, Now.AddMinutes(4), _ => false, Cap));
        _db.Reopen();

        var (first, other) = (_db.Read(s => s.Outbox.FindById(ids[0])), _db.Read(s => s.Outbox.FindById(ids[1])));
        Assert.Equal((0, 2), (first.Attempts, first.Recoveries));
        Assert.Equal((0, 1), (other.Attempts, other.Recoveries));
        Assert.Equal(3, second.PossibleDuplicates);
        Assert.Equal(3, await _db.Outbox.PossibleDuplicatesAsync());
    }

    [Fact]
    public async Task AClaimThatLapsesMoreOftenThanTheCapFailsInsteadOfLoopingForEver()
    {
        var id = (await Insert(Message("tel:1")))[0];
        for (var i = 0; i < 3; i++)
        {
            await _db.Outbox.WriteAsync(c => c.Claim([id], Now, Now));
            var again = await _db.Outbox.WriteAsync(c => LeaseRecovery.RecoverInFlight(c, Now, maxRecoveries: 3));
            Assert.Single(again.Requeued);
        }
        await _db.Outbox.WriteAsync(c => c.Claim([id], Now, Now));

        var last = await _db.Outbox.WriteAsync(c => LeaseRecovery.RecoverInFlight(c, Now, maxRecoveries: 3));

        Assert.Empty(last.Requeued);
        Assert.Equal([id], last.GivenUp.Select(m => m.Id));
        var failed = _db.Read(s => s.Outbox.FindById(id));
        Assert.Equal((OutboxStatus.Failed, LeaseRecovery.TooOftenCode, 3), (failed.Status, failed.ErrorCode, failed.Recoveries));
        Assert.Equal(3, last.PossibleDuplicates);
    }
}
