using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Tests;

public sealed class StorageWriterTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task ConcurrentWritesAreGroupedIntoFewTransactions()
    {
        var writes = Enumerable.Range(0, 2000).Select(i => Task.Run(() =>
            _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "k" + i, Value = i.ToString() }))));
        await Task.WhenAll(writes);

        Assert.Equal(2000, _db.Read(s => s.ChannelStates.Count()));
        Assert.True(_db.Writer.Commits < 2000 / 4, $"expected group commits, got {_db.Writer.Commits} for 2000 writes");
    }

    [Fact]
    public async Task CommittedWritesSurviveAReopen()
    {
        await _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "k", Value = "42" }));
        _db.Reopen();
        Assert.Equal("42", _db.Read(s => s.ChannelStates.FindById("k").Value));
    }

    [Fact]
    public async Task CommittedWritesSurviveACrashThatLeavesTheirLogUncheckpointed()
    {
        // A copy of the data file and its log taken while the store is open is what a crash leaves on disk:
        // the commit is in the log (fsynced), not yet in the data file, and LiteDB must replay it on open.
        await _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "a", Value = "1" }));
        var copy = _db.FilePath + ".copy.db";
        File.Copy(_db.FilePath, copy);
        File.Copy(LogFileSync.LogPathOf(_db.FilePath), LogFileSync.LogPathOf(copy));
        using var reopened = new LiteStore(copy);
        Assert.Equal("1", reopened.ChannelStates.FindById("a").Value);

        // Without its log the data file does not have it yet: the log really is what carries the commit.
        var dataOnly = _db.FilePath + ".data-only.db";
        File.Copy(_db.FilePath, dataOnly);
        using var withoutLog = new LiteStore(dataOnly);
        Assert.Null(withoutLog.ChannelStates.FindById("a"));
    }

    [Fact]
    public void TheStoreRefusesUseFromOtherThreadsOnceTheWriterOwnsIt()
    {
        Assert.Throws<InvalidOperationException>(() => _db.Store.Contacts.Count());
    }

    [Fact]
    public async Task AFailingWriteDoesNotSinkTheOthersInItsBatch()
    {
        await _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "dup", Value = "first" }));
        var gate = new ManualResetEventSlim();
        var blocker = _db.Writer.WriteAsync(_ => gate.Wait(TimeSpan.FromSeconds(10)));
        var good1 = _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "g1", Value = "x" }));
        var bad = _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "dup", Value = "second" }));
        var good2 = _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "g2", Value = "y" }));
        gate.Set();

        await blocker;
        await good1;
        await good2;
        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        Assert.NotNull(_db.Read(s => s.ChannelStates.FindById("g1")));
        Assert.NotNull(_db.Read(s => s.ChannelStates.FindById("g2")));
        Assert.Equal("first", _db.Read(s => s.ChannelStates.FindById("dup").Value));
    }

    [Fact]
    public async Task TimesRoundTripWithFullPrecisionInUtc()
    {
        var at = new DateTimeOffset(2026, 4, 24, 0, 30, 0, TimeSpan.FromHours(3)).AddTicks(1234567);
        await _db.Writer.WriteAsync(s => s.Outbox.Insert(new OutboxMessage { Urn = "sim:a", CreatedAt = at, NextAttemptAt = at, LeaseUntil = at }));
        var back = _db.Read(s => s.Outbox.FindAll().Single());
        Assert.Equal(at, back.CreatedAt);
        Assert.Equal(at.UtcTicks, back.LeaseUntil!.Value.UtcTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  padded  ")]
    [InlineData("\n\tاهلا\n")]
    public async Task TextsAreStoredExactlyAsGiven(string text)
    {
        await _db.Writer.WriteAsync(s => s.Outbox.Insert(new OutboxMessage { Urn = "sim:a", Text = text }));
        Assert.Equal(text, _db.Read(s => s.Outbox.FindAll().Single().Text));
    }

    [Fact]
    public async Task AReadThatReturnsAnUnrunQueryFailsInsteadOfRunningItOffTheStorageThread()
    {
        await _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "a", Value = "1" }));
        // Enumerated by the caller, the query would run on the caller's thread, racing the storage thread's checkpoints.
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.Writer.ReadAsync(s => s.ChannelStates.FindAll()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.Writer.ReadAsync(s => s.ChannelStates.FindAll().Select(c => c.Value)));
        Assert.Single(await _db.Writer.ReadAsync(s => s.ChannelStates.FindAll().ToList()));
        Assert.Single(await _db.Writer.ReadAsync(s => s.ChannelStates.FindAll().Select(c => c.Id).ToHashSet()));
        Assert.Equal("1", await _db.Writer.ReadAsync(s => s.ChannelStates.FindById("a").Value));
    }

    [Fact]
    public async Task DisposeFinishesTheQueuedRequestsAndLaterOnesFailAsDisposed()
    {
        var holding = new ManualResetEventSlim();
        var gate = new ManualResetEventSlim();
        var blocker = _db.Writer.WriteAsync(_ => { holding.Set(); gate.Wait(TimeSpan.FromSeconds(10)); });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        var queued = Enumerable.Range(0, 10).Select(i => _db.Writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = "q" + i, Value = "v" }))).ToList();
        var read = _db.Writer.ReadAsync(s => s.ChannelStates.Count());

        var disposing = Task.Run(_db.Writer.Dispose);
        gate.Set();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));

        await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(1));
        await read.WaitAsync(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _db.Writer.WriteAsync(s => s.ChannelStates.Count()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _db.Writer.ReadAsync(s => s.ChannelStates.Count()));
        _db.Reopen();
        Assert.Equal(10, _db.Read(s => s.ChannelStates.Count()));
    }

    [Fact]
    public async Task RequestsRetriedOneByOneAfterAFailedGroupCommitKeepTheirOutboxRowsApart()
    {
        // Inserting sets an auto id on the in-memory message; after the rollback the retry inserts the same object again
        // with that id, while a request building its rows afresh takes new ids: the two must not collide.
        var holding = new ManualResetEventSlim();
        var gate = new ManualResetEventSlim();
        var blocker = _db.Writer.WriteAsync(_ => { holding.Set(); gate.Wait(TimeSpan.FromSeconds(10)); });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        var kept = new[] { new OutboxMessage { Urn = "sim:a", Text = "1" }, new OutboxMessage { Urn = "sim:a", Text = "2" } };
        var reused = _db.Writer.WriteAsync(s => { foreach (var m in kept) s.Outbox.Insert(m); });
        var fresh = _db.Writer.WriteAsync(s => s.Outbox.Insert(new OutboxMessage { Urn = "sim:b", Text = "3" }));
        var alsoReused = _db.Writer.WriteAsync(s => s.Outbox.Insert(new OutboxMessage { Urn = "sim:c", Text = "4" }));
        var bad = _db.Writer.WriteAsync(_ => throw new InvalidOperationException("a faulty write"));
        gate.Set();
        await blocker;
        await reused;
        await fresh;
        await alsoReused;
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);

        var rows = _db.Read(s => s.Outbox.FindAll().ToList());
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r.Text).Order());
        Assert.Equal(4, rows.Select(r => r.Id).Distinct().Count());
    }
}
