using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>RetentionRepositoryTests: old inbound rows go in batches, old settled outbox texts are blanked once, on a real LiteDB file.</summary>
public sealed class RetentionRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset Cutoff = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDb _db = new();
    private readonly RetentionRepository _retention;

    public RetentionRepositoryTests() => _retention = new RetentionRepository(_db.Writer);

    public void Dispose() => _db.Dispose();

    private Task InsertInbound(string id, DateTimeOffset receivedAt) => _db.Writer.WriteAsync(s => s.Inbound.Insert(new InboundLogEntry
    {
        Id = id, Channel = "sms", ProviderId = id, ContactId = 1, Urn = "tel:+201001234567", Text = "نص " + id, Kind = "text", ReceivedAt = receivedAt,
    }));

    private Task<long> InsertOutbox(OutboxStatus status, DateTimeOffset createdAt) => _db.Writer.WriteAsync(s => (long)s.Outbox.Insert(new OutboxMessage
    {
        ContactId = 1, Channel = "sms", Urn = "tel:+201001234567", Text = "رسالة", Choices = ["نعم", "لا"], Status = status,
        CreatedAt = createdAt, NextAttemptAt = createdAt, SentAt = status >= OutboxStatus.Sent ? createdAt : null, ProviderId = "SM" + createdAt.Ticks,
    }).AsInt64);

    private OutboxMessage Outbox(long id) => _db.Read(s => s.Outbox.FindById(id));

    private async Task<List<(int Seen, int Blanked)>> BlankAllAsync(DateTimeOffset cutoff, int batch)
    {
        var steps = new List<(int Seen, int Blanked)>();
        (int Seen, int Blanked) step;
        do steps.Add(step = await _retention.BlankOutboxAsync(cutoff, batch));
        while (step.Seen == batch && steps.Count < 100); // a cursor that does not move would loop for ever
        return steps;
    }

    [Fact]
    public async Task InboundRowsOlderThanTheCutoffAreDeletedInBatchesAndNewerOnesKept()
    {
        for (var i = 0; i < 7; i++) await InsertInbound($"old-{i}", Cutoff.AddDays(-1 - i).AddTicks(-1));
        await InsertInbound("at-cutoff", Cutoff);
        await InsertInbound("newer", Cutoff.AddTicks(1));
        await InsertInbound("much-newer", Cutoff.AddDays(30));

        var deleted = new List<int>();
        int count;
        do deleted.Add(count = await _retention.PruneInboundAsync(Cutoff, batch: 3));
        while (count == 3);

        Assert.Equal([3, 3, 1], deleted);
        _db.Reopen();
        Assert.Equal(["at-cutoff", "much-newer", "newer"], _db.Read(s => s.Inbound.FindAll().Select(e => e.Id).Order(StringComparer.Ordinal).ToList()));
        Assert.Equal(0, await new RetentionRepository(_db.Writer).PruneInboundAsync(Cutoff, batch: 3));
    }

    [Fact]
    public async Task SettledOutboxRowsOlderThanTheCutoffLoseTheirTextsAndKeepEverythingElse()
    {
        var old = Cutoff.AddDays(-2);
        var settled = new List<long>();
        foreach (var status in new[] { OutboxStatus.Sent, OutboxStatus.Delivered, OutboxStatus.Read, OutboxStatus.Undelivered, OutboxStatus.Failed })
            settled.Add(await InsertOutbox(status, old));
        var queued = await InsertOutbox(OutboxStatus.Queued, old);
        var sending = await InsertOutbox(OutboxStatus.Sending, old);
        var newer = await InsertOutbox(OutboxStatus.Delivered, Cutoff);
        var before = settled.ToDictionary(id => id, Outbox);

        var steps = await BlankAllAsync(Cutoff, batch: 2);

        Assert.Equal([(2, 2), (2, 2), (2, 1), (1, 0)], steps);
        _db.Reopen();
        foreach (var id in settled)
        {
            var row = Outbox(id);
            Assert.Equal(("", 0), (row.Text, row.Choices.Count));
            Assert.Equal((before[id].Status, before[id].ProviderId, before[id].CreatedAt, before[id].SentAt, before[id].Urn),
                (row.Status, row.ProviderId, row.CreatedAt, row.SentAt, row.Urn));
        }
        foreach (var id in new[] { queued, sending, newer })
            Assert.Equal(("رسالة", 2), (Outbox(id).Text, Outbox(id).Choices.Count));
    }

    [Fact]
    public async Task TheCursorSkipsRowsAlreadyWalkedAndStillFindsRowsThatArriveLater()
    {
        var first = await InsertOutbox(OutboxStatus.Sent, Cutoff.AddDays(-3));
        var second = await InsertOutbox(OutboxStatus.Failed, Cutoff.AddDays(-2));
        var later = await InsertOutbox(OutboxStatus.Delivered, Cutoff.AddDays(1));
        Assert.Equal([(2, 2)], await BlankAllAsync(Cutoff, batch: 10));

        // A second run looks at no row at all: the cursor stored after the first starts it past them, a restart too.
        _db.Reopen();
        var retention = new RetentionRepository(_db.Writer);
        Assert.Equal((0, 0), await retention.BlankOutboxAsync(Cutoff, 10));
        Assert.Equal(second, _db.Read(s => LiteDb.LiteChannelCursors.Get(s, ChannelCursor.RetentionOutbox)));

        // Time passes: the row that was too new, and rows created since, are walked from the cursor on.
        var arrived = await InsertOutbox(OutboxStatus.Read, Cutoff.AddDays(2));
        var stillQueued = await InsertOutbox(OutboxStatus.Queued, Cutoff.AddDays(2));
        var tooNew = await InsertOutbox(OutboxStatus.Sent, Cutoff.AddDays(9));
        var nextCutoff = Cutoff.AddDays(5);

        Assert.Equal((3, 2), await retention.BlankOutboxAsync(nextCutoff, 10));
        Assert.Equal((0, 0), await retention.BlankOutboxAsync(nextCutoff, 10));
        Assert.All(new[] { first, second, later, arrived }, id => Assert.Equal("", Outbox(id).Text));
        Assert.Equal("رسالة", Outbox(stillQueued).Text);
        Assert.Equal("رسالة", Outbox(tooNew).Text);
        Assert.Equal(stillQueued, _db.Read(s => LiteDb.LiteChannelCursors.Get(s, ChannelCursor.RetentionOutbox)));
    }
}
