using LiteDB;
using Microsoft.Extensions.Logging;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Tests.Support;

namespace OutreachBot.Storage.Tests;

/// <summary>StorageFaultTests: fsync per group commit, and a failed fsync, commit or rollback stopping the writer without losing an acknowledged write.</summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly RecordingLogger<StorageWriter> _log = new();

    public void Dispose() => _folder.Dispose();

    private string DbPath => _folder.File("faults.db");

    private StorageWriter WriterOn(LiteStore store) => new(store, new StorageOptions(), _log);

    private static Task Insert(StorageWriter writer, string id) =>
        writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = id, Value = "v" }));

    private static List<string> IdsIn(string path)
    {
        using var store = new LiteStore(path);
        return [.. store.ChannelStates.FindAll().Select(c => c.Id).Order()];
    }

    [Fact]
    public async Task EveryGroupCommitIsFsyncedOnceBeforeItsWritesAreAcknowledged()
    {
        var fsync = new FsyncProbe();
        using var store = new LiteStore(DbPath, fsync.Run);
        using var writer = WriterOn(store);

        for (var i = 0; i < 3; i++) await Insert(writer, "seq" + i);
        Assert.Equal(3, fsync.Calls);

        fsync.Hold();
        var held = Insert(writer, "held");
        fsync.WaitUntilHeld();
        Assert.False(held.IsCompleted, "a write was acknowledged before its commit was fsynced");
        fsync.Release();
        await held;

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => Insert(writer, "many" + i))));
        Assert.Equal(writer.Commits, fsync.Calls);
        Assert.Equal(304, IdsWhileOpen(writer).Count);
    }

    private static List<string> IdsWhileOpen(StorageWriter writer) =>
        writer.ReadAsync(s => s.ChannelStates.FindAll().Select(c => c.Id).ToList()).GetAwaiter().GetResult();

    [Fact]
    public async Task AFailedFsyncIsNotAcknowledgedAndStopsTheWriterForEveryPendingAndLaterRequest()
    {
        var fsync = new FsyncProbe();
        using var store = new LiteStore(DbPath, fsync.Run);
        using var writer = WriterOn(store);
        await Insert(writer, "before");

        var holding = new ManualResetEventSlim();
        var gate = new ManualResetEventSlim();
        var failing = writer.WriteAsync(s =>
        {
            holding.Set();
            gate.Wait(TimeSpan.FromSeconds(10));
            s.ChannelStates.Insert(new ChannelState { Id = "lost", Value = "v" });
        });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        var pending = Enumerable.Range(0, 5).Select(i => Insert(writer, "pending" + i)).ToList();
        var pendingRead = writer.ReadAsync(s => s.ChannelStates.Count());
        fsync.Fail();
        gate.Set();

        var error = await Assert.ThrowsAsync<StorageStoppedException>(() => failing);
        Assert.IsType<IOException>(error.InnerException);
        foreach (var write in pending) await Assert.ThrowsAsync<StorageStoppedException>(() => write);
        await Assert.ThrowsAsync<StorageStoppedException>(() => pendingRead);
        await Assert.ThrowsAsync<StorageStoppedException>(() => Insert(writer, "later"));
        await Assert.ThrowsAsync<StorageStoppedException>(() => writer.ReadAsync(s => s.ChannelStates.Count()));

        Assert.Same(error.InnerException, await writer.Stopped.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Same(error.InnerException, writer.Failure);
        var critical = Assert.Single(_log.Entries, r => r.Level == LogLevel.Critical);
        Assert.Contains("fsync failed", critical.Message);
    }

    [Fact]
    public async Task AfterAFailedFsyncLiteDbWritesNothingMoreAndTheNextOpenReplaysTheLog()
    {
        var fsync = new FsyncProbe();
        var store = new LiteStore(DbPath, fsync.Run);
        var writer = WriterOn(store);
        await Insert(writer, "a");
        await Insert(writer, "b");
        var dataFile = await File.ReadAllBytesAsync(DbPath);

        fsync.Fail();
        await Assert.ThrowsAsync<StorageStoppedException>(() => Insert(writer, "c"));
        writer.Dispose();
        store.Dispose();

        // A normal close would checkpoint the log into the data file, trusting pages the failed fsync may have lost.
        Assert.Equal(dataFile, await File.ReadAllBytesAsync(DbPath));
        Assert.Subset(IdsIn(DbPath).ToHashSet(), new HashSet<string> { "a", "b" });
    }

    [Fact]
    public async Task AFailedCommitStopsTheWriterAndEveryAcknowledgedWriteSurvives()
    {
        var disk = new FaultyDisk();
        var store = new LiteStore(DbPath, fsync: null, disk.Open);
        var writer = WriterOn(store);
        for (var i = 0; i < 5; i++) await Insert(writer, "ok" + i);

        disk.FailWrites = true;
        var error = await Assert.ThrowsAsync<StorageStoppedException>(() => Insert(writer, "failed"));
        Assert.IsType<IOException>(error.InnerException);
        await Assert.ThrowsAsync<StorageStoppedException>(() => Insert(writer, "later"));
        Assert.Contains(_log.Entries, r => r.Level == LogLevel.Critical && r.Message.Contains("commit failed"));
        writer.Dispose();
        store.Dispose();

        Assert.Equal(["ok0", "ok1", "ok2", "ok3", "ok4"], IdsIn(DbPath));
    }

    [Fact]
    public async Task WhatAFailedCommitLeavesBehindCanBeCollectedWithoutCrashingTheProcess()
    {
        await FailACommitAndCloseTheStoreAsync();

        // LiteDB's half-committed transaction throws from its finalizer unless that is cancelled, killing the process (this test host).
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private async Task FailACommitAndCloseTheStoreAsync()
    {
        var disk = new FaultyDisk();
        using var store = new LiteStore(DbPath, fsync: null, disk.Open);
        using var writer = WriterOn(store);
        await Insert(writer, "ok");
        disk.FailWrites = true;
        await Assert.ThrowsAsync<StorageStoppedException>(() => Insert(writer, "failed"));
    }

    [Fact]
    public async Task AFailedRollbackStopsTheWriter()
    {
        using var store = new LiteStore(DbPath);
        using var writer = WriterOn(store);
        await Insert(writer, "ok");

        // The request fails on its own, but LiteDB cannot roll its transaction back: nothing after it may run.
        var broken = writer.WriteAsync(s =>
        {
            s.Database.Dispose();
            throw new InvalidOperationException("a faulty write");
        });

        await Assert.ThrowsAsync<StorageStoppedException>(() => broken);
        await Assert.ThrowsAsync<StorageStoppedException>(() => Insert(writer, "later"));
        Assert.Contains(_log.Entries, r => r.Level == LogLevel.Critical && r.Message.Contains("rollback failed"));
    }

    [Fact]
    public async Task ARequestsOwnExceptionFailsOnlyThatRequestAndStorageKeepsWorking()
    {
        using var store = new LiteStore(DbPath);
        using var writer = WriterOn(store);
        await Insert(writer, "dup");

        await Assert.ThrowsAsync<LiteException>(() => Insert(writer, "dup"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(_ => throw new InvalidOperationException("a bug")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.ReadAsync<int>(_ => throw new InvalidOperationException("a bug")));
        await Insert(writer, "after");

        Assert.Null(writer.Failure);
        Assert.False(writer.Stopped.IsCompleted);
        Assert.Equal(["after", "dup"], IdsWhileOpen(writer).Order());
    }

    [Theory]
    [InlineData("write")]
    [InlineData("read")]
    public async Task AnIoErrorInsideARequestComesFromTheDiskAndStopsTheWriter(string kind)
    {
        using var store = new LiteStore(DbPath);
        using var writer = WriterOn(store);

        var failing = kind == "write"
            ? writer.WriteAsync(_ => throw new IOException("Input/output error", 5))
            : writer.ReadAsync<int>(_ => throw new IOException("Input/output error", 5));

        await Assert.ThrowsAsync<StorageStoppedException>(() => failing);
        Assert.IsType<IOException>(await writer.Stopped.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
